using Dapper;
using Jarvis.Core.Security;

namespace Jarvis.Core.Data;

/// <summary>The demo database of DEMO-DATA.md: fixed users and customers plus generated ones, identical on every machine.</summary>
public static class DemoData
{
    public const int GeneratedCustomerCount = 250;
    public const long FirstGeneratedId = 10000;

    /// <summary>Terms that must find only the fixed rows: no generated name or number may contain them.</summary>
    public static readonly string[] ReservedTerms =
        ["rapi", "swift", "harbour", "kiwi", "under_score", "ñandú", "134123", "555132", "777001", "626300", "%", "_"];

    /// <summary>
    /// A demo user. <paramref name="PasswordHash"/> is a salted hash of <see cref="Password"/> in the format of
    /// tools/hash-password.cs, made once and kept here, so seeding hashes nothing (a hash costs about 150 ms of one core).
    /// </summary>
    public sealed record DemoUser(long Id, string Username, UserType Type, long? CustomerId, string[] Groups, string PasswordHash)
    {
        public string Password => Security.DemoPasswords.Of(Username);
    }

    public sealed record DemoCustomer(long Id, string Name, string[] ServiceNumbers, string? Reference, string? Description, long? ParentId);

    public static readonly DemoUser[] Users =
    [
        new(1, "su", UserType.Smf, null, ["ACS_BOSS", "CCS Superuser"],
            "pbkdf2-sha256$100000$z+DvoPoJOoTEDyV9+8HZPw==$AB7rKzen3s49rZ3O1fpalgaqMyEOMvvy00KtBUUjik8="),
        new(2, "auditor", UserType.Smf, null, ["ACS_BOSS_READ"],
            "pbkdf2-sha256$100000$1iFzxwCC3RrK4RKHxxp5ug==$ywXkjtph70U1t5SyrUa6eZopnSfUXTcGGRZ514koQos="),
        new(3, "rapidity", UserType.Acs, 3134, ["AcsPermissionLevel6"],
            "pbkdf2-sha256$100000$4BdR2z9sRwRWT40HrZywAA==$y1+Ohp7tpUCs+6WrJTBSVFYHm3upMsKCsmeSBLJcuJ8="),
        new(4, "rapidity-view", UserType.Acs, 3134, ["AcsPermissionLevel1"],
            "pbkdf2-sha256$100000$RdLOXVWCuZ1zBz0TPiC/5A==$4rNVhFFDchMRV21pL7DpAPz66y2M/EcylImp1F3YzWk="),
        new(5, "operator", UserType.Smf, null, ["ACS_READ"],
            "pbkdf2-sha256$100000$ewQfdNBb805bHv8Frgw+OQ==$ba9vzVpqy///+izWTY4qgNVFg5qeGHo5Dqz7WCtSLZ4="),
        new(6, "guest", UserType.Smf, null, ["CCS Operator"],
            "pbkdf2-sha256$100000$pQOCp7AvuYrbxYwnFaCoaQ==$4+xbLCKmQK0BRIhY7FZhbChXMKEBxUzbCMZRVFdN2hA="),
    ];

    public static readonly DemoCustomer[] FixedCustomers =
    [
        new(3134, "Rapidity Inc", ["0800134123"], "430184/A", null, null),
        new(1551, "Rapidity Locators Inc", ["0800555132", "08005551232"], "118822/C", "Locator services", null),
        new(3140, "Swift Couriers Ltd", ["0800777001"], null, null, 3134),
        new(3141, "Harbour Freight Co", [], null, null, 3140),
        new(2001, "100% Kiwi Ltd", ["0508100100"], "KIWI-1", null, null),
        new(2002, "Under_score Holdings", ["0900123000"], null, null, null),
        new(2003, "Ñandú Café", ["0800626300"], null, "Unicode name", null),
    ];

    private static readonly string[] FirstWords =
    [
        "Northgate", "Bluewater", "Silverline", "Redwood", "Oakfield", "Summit", "Pinnacle", "Meridian", "Cobalt",
        "Evergreen", "Granite", "Lakeside", "Westbrook", "Ironbridge", "Crescent", "Beacon", "Highland", "Maple",
        "Clearview", "Sterling", "Copperleaf", "Falcon", "Orchard", "Riverside", "Stonegate",
    ];

    private static readonly string[] TradeWords =
    [
        "Logistics", "Plumbing", "Dental", "Travel", "Insurance", "Catering", "Electrical", "Motors", "Pharmacy",
        "Legal", "Florists", "Printing", "Security", "Cleaning", "Roofing", "Bakery", "Telecom", "Removals",
        "Fitness", "Optics",
    ];

    private static readonly string[] Suffixes = ["Ltd", "Inc", "Co", "Group", "Services", "Partners", "Limited"];
    private static readonly string[] Prefixes = ["0800", "0508", "0900"];

    /// <summary>
    /// Generated customers: a fixed linear congruential sequence (no clock, no runtime Random), so the same
    /// rows on every machine, and a smaller count is a prefix of a larger one. Names get a number appended only when a
    /// word combination repeats; a name or number that would contain a reserved term is skipped and drawn again.
    /// </summary>
    public static IEnumerable<DemoCustomer> GenerateCustomers(int count, long firstId = FirstGeneratedId)
    {
        var state = 20260101UL;
        uint Next(uint bound)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            return (uint)(state >> 33) % bound;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var numbers = new HashSet<string>(FixedCustomers.SelectMany(c => c.ServiceNumbers));
        var produced = 0;
        for (var i = 0; produced < count; i++)
        {
            var name = $"{FirstWords[Next((uint)FirstWords.Length)]} {TradeWords[Next((uint)TradeWords.Length)]} {Suffixes[Next((uint)Suffixes.Length)]}";
            if (names.Contains(name))
            {
                name = $"{name} {i + 1}";
            }

            if (IsReserved(name) || !names.Add(name))
            {
                continue;
            }

            var sns = new string[1 + Next(4)];
            for (var n = 0; n < sns.Length; n++)
            {
                string sn;
                do
                {
                    sn = Prefixes[Next((uint)Prefixes.Length)] + Next(1_000_000).ToString("D6");
                }
                while (IsReserved(sn) || !numbers.Add(sn));
                sns[n] = sn;
            }

            Array.Sort(sns, (a, b) => a.Length != b.Length ? a.Length - b.Length : string.CompareOrdinal(a, b));
            yield return new DemoCustomer(firstId + produced, name, sns, null, null, null);
            produced++;
        }
    }

    /// <summary>Seeds the demo rows when ACS_CUSTOMER is empty; true when it seeded.</summary>
    public static async Task<bool> SeedIfEmptyAsync(JarvisDatabase database, CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var (connection, tx) = (write.Connection, write.Transaction);
        var existing = await connection.ExecuteScalarAsync<long>(
            database.Command("SELECT COUNT(*) FROM ACS_CUSTOMER", transaction: tx, cancellationToken: cancellationToken));
        if (existing > 0)
        {
            return false;
        }

        await InsertCustomersAsync(database, connection, tx, FixedCustomers.Concat(GenerateCustomers(GeneratedCustomerCount)), cancellationToken);
        foreach (var user in Users)
        {
            await connection.ExecuteAsync(database.Command(
                """
                INSERT INTO JARVIS_USER (ID, USERNAME, USER_TYPE, CUSTOMER_ID, PASSWORD_HASH, LOCKED)
                VALUES (:id, :username, :type, :customerId, :hash, 0)
                """,
                new { id = user.Id, username = user.Username, type = user.Type == UserType.Smf ? "SMF" : "ACS", customerId = user.CustomerId, hash = user.PasswordHash },
                tx, cancellationToken));
            foreach (var group in user.Groups)
            {
                await connection.ExecuteAsync(database.Command(
                    "INSERT INTO JARVIS_USER_GROUP (USER_ID, GROUP_NAME) VALUES (:userId, :group)",
                    new { userId = user.Id, group }, tx, cancellationToken));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Inserts customers and their service numbers in the caller's transaction, through two prepared commands
    /// (the benchmark inserts a million customers this way).
    /// </summary>
    public static async Task InsertCustomersAsync(
        JarvisDatabase database, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, IEnumerable<DemoCustomer> customers, CancellationToken cancellationToken)
    {
        await using var customer = Prepare(database, connection, tx,
            "INSERT INTO ACS_CUSTOMER (ID, NAME, CUSTOMER_REFERENCE, DESCRIPTION, PARENT_CUSTOMER_ID) VALUES (:id, :name, :reference, :description, :parentId)",
            "id", "name", "reference", "description", "parentId");
        await using var number = Prepare(database, connection, tx,
            "INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (:customerId, :sn)", "customerId", "sn");
        foreach (var c in customers)
        {
            Set(customer, c.Id, c.Name, c.Reference, c.Description, c.ParentId);
            await customer.ExecuteNonQueryAsync(cancellationToken);
            foreach (var sn in c.ServiceNumbers)
            {
                Set(number, c.Id, sn);
                await number.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static System.Data.Common.DbCommand Prepare(
        JarvisDatabase database, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandTimeout = database.CommandTimeout;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Set(System.Data.Common.DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static readonly string[] FoldedReservedTerms = [.. ReservedTerms.Select(TextFolding.Fold)];

    private static bool IsReserved(string text)
    {
        var folded = TextFolding.Fold(text);
        return FoldedReservedTerms.Any(t => folded.Contains(t, StringComparison.Ordinal));
    }
}
