using System.Globalization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Commands;

/// <summary>
/// <c>users list|add|passwd|lock|unlock|groups</c>: portal users, on SQLite and Oracle alike. Passwords come from the
/// terminal (no echo) or standard input, never from the command line.
/// </summary>
public static class UsersCommand
{
    public const string UsageText = """
        usage: users list
               users add NAME --type smf|acs [--customer ID] --group GROUP [--group GROUP ...]
               users passwd NAME
               users lock NAME
               users unlock NAME
               users groups NAME [--add GROUP ...] [--remove GROUP ...]
        A password is typed at the prompt (not shown) or given as the first line of standard input.
        """;

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CommandConsole console)
    {
        var users = services.GetRequiredService<UserAdministration>();
        var (result, usage) = args switch
        {
            ["list"] => (await ListAsync(users, console), null),
            ["add", var name, .. var rest] when !name.StartsWith("--", StringComparison.Ordinal) => await AddAsync(users, console, name, rest),
            ["passwd", var name] => await WithPasswordAsync(console, p => users.SetPasswordAsync(name, p)),
            ["lock", var name] => (await users.SetLockedAsync(name, true), null),
            ["unlock", var name] => (await users.SetLockedAsync(name, false), null),
            ["groups", var name, .. var rest] when !name.StartsWith("--", StringComparison.Ordinal) => PortalCommands.UnknownOption(rest, "--add", "--remove") is { } bad
                ? (null, $"unknown option {bad}")
                : (await users.ChangeGroupsAsync(name, PortalCommands.Values(rest, "--add"), PortalCommands.Values(rest, "--remove")), null),
            _ => (null, ""),
        };

        if (usage is not null)
        {
            if (usage.Length > 0)
            {
                console.Error.WriteLine(usage);
            }

            console.Error.WriteLine(UsageText);
            return PortalCommands.Usage;
        }

        switch (result)
        {
            case AdminResult.Refused refused:
                console.Error.WriteLine(refused.Message);
                return PortalCommands.Refused;
            case AdminResult.Done done:
                console.Out.WriteLine($"{args[0] switch { "add" => "Added", "passwd" => "New password for", "lock" => "Locked", "unlock" => "Unlocked", _ => "Changed" }} {Describe(done.User)}");
                if (args[0] is "add" or "groups" && !users.MayLogIn(done.User.Groups))
                {
                    console.Out.WriteLine("Note: none of these groups may log in (Jarvis:Security:LoginGroups).");
                }

                return PortalCommands.Done;
            default:
                return PortalCommands.Done;
        }
    }

    private static async Task<AdminResult?> ListAsync(UserAdministration users, CommandConsole console)
    {
        var rows = (await users.ListAsync())
            .Select(u => new[]
            {
                u.Username, u.Type.ToString().ToUpperInvariant(), u.CustomerId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                u.Locked ? "locked" : "active", string.Join(",", u.Groups),
            })
            .Prepend(["NAME", "TYPE", "CUSTOMER", "STATE", "GROUPS"])
            .ToList();
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            console.Out.WriteLine(string.Join("  ", row.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell)));
        }

        return null;
    }

    private static async Task<(AdminResult?, string?)> AddAsync(UserAdministration users, CommandConsole console, string name, string[] rest)
    {
        if (PortalCommands.UnknownOption(rest, "--type", "--customer", "--group") is { } bad)
        {
            return (null, $"unknown option {bad}");
        }

        var type = PortalCommands.Values(rest, "--type") switch
        {
            [var t] when t.Equals("smf", StringComparison.OrdinalIgnoreCase) => UserType.Smf,
            [var t] when t.Equals("acs", StringComparison.OrdinalIgnoreCase) => UserType.Acs,
            _ => (UserType?)null,
        };
        if (type is null)
        {
            return (null, "give --type smf or --type acs");
        }

        long? customerId = null;
        switch (PortalCommands.Values(rest, "--customer"))
        {
            case []:
                break;
            case [var text] when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0:
                customerId = id;
                break;
            default:
                return (null, "--customer takes one customer id, a positive whole number");
        }

        var groups = PortalCommands.Values(rest, "--group");
        return await WithPasswordAsync(console, p => users.AddAsync(name, type.Value, customerId, groups, p));
    }

    private static async Task<(AdminResult?, string?)> WithPasswordAsync(CommandConsole console, Func<string, Task<AdminResult>> change)
    {
        var password = console.ReadNewPassword();
        return password is null
            ? (new AdminResult.Refused("No password given: type it at the prompt, or give it as the first line of standard input."), null)
            : (await change(password), null);
    }

    private static string Describe(UserSummary u) =>
        $"{u.Username} ({u.Type.ToString().ToUpperInvariant()}{(u.CustomerId is { } c ? $", customer {c}" : "")}" +
        $"{(u.Locked ? ", locked" : "")}; groups: {(u.Groups.Count == 0 ? "none" : string.Join(", ", u.Groups))})";
}
