using System.Globalization;
using Jarvis.Core.Security;

namespace Jarvis.Portal.Commands;

/// <summary>
/// <c>users list|add|passwd|lock|unlock|groups|token</c>: portal users and their API tokens, on SQLite and Oracle alike.
/// Passwords come from the terminal (no echo) or standard input, never from the command line.
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
               users token add NAME TOKEN_NAME [--read-only] [--expires DAYS]
               users token list NAME
               users token revoke NAME TOKEN_NAME
        A password is typed at the prompt (not shown) or given as the first line of standard input.
        users token add prints the new API token alone on standard output, once: it is stored only as a hash.
        """;

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CommandConsole console)
    {
        var users = services.GetRequiredService<UserAdministration>();
        if (args is ["token", .. var tokenArgs])
        {
            return await TokenAsync(tokenArgs, services, console);
        }

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

    /// <summary><c>users token add|list|revoke</c> (API.md section 10): never prints a token but the new one, once.</summary>
    private static async Task<int> TokenAsync(string[] args, IServiceProvider services, CommandConsole console)
    {
        var tokens = services.GetRequiredService<ApiTokenStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        switch (args)
        {
            case ["add", var user, var name, .. var rest] when !user.StartsWith("--", StringComparison.Ordinal) && !name.StartsWith("--", StringComparison.Ordinal):
                if (PortalCommands.UnknownOption(rest, "--read-only", "--expires") is { } bad)
                {
                    return UsageOf(console, $"unknown option {bad}");
                }

                int? days = null;
                switch (PortalCommands.Values(rest, "--expires"))
                {
                    case [] when !rest.Contains("--expires"):
                        break;
                    case [var text] when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d):
                        days = d;
                        break;
                    default:
                        return UsageOf(console, "--expires takes a number of days");
                }

                var readOnly = rest.Contains("--read-only");
                if (PortalCommands.Values(rest, "--read-only").Count > 0 || rest.Length != (readOnly ? 1 : 0) + (days is null ? 0 : 2))
                {
                    return UsageOf(console, "users token add takes one user name and one token name");
                }

                if (await tokens.UserIdAsync(user) is not { } userId)
                {
                    return RefusedWith(console, UserAdministration.UnknownUser(user));
                }

                switch (await tokens.CreateAsync(userId, name, readOnly, days))
                {
                    case ApiTokenResult.Created created:
                        console.Out.WriteLine(created.Token);
                        console.Error.WriteLine(
                            $"Made API token '{name}' for {user} ({Access(created.Info)}, {Expiry(created.Info)}). " +
                            "It is shown only this once: keep it where the script reads it.");
                        return PortalCommands.Done;
                    case ApiTokenResult.Refused refused:
                        return RefusedWith(console, refused.Message);
                }

                return PortalCommands.Done;
            case ["list", var user] when !user.StartsWith("--", StringComparison.Ordinal):
                if (await tokens.UserIdAsync(user) is not { } listId)
                {
                    return RefusedWith(console, UserAdministration.UnknownUser(user));
                }

                var rows = (await tokens.ListAsync(listId))
                    .Select(t => new[] { t.Name, Access(t), Utc(t.CreatedAt), t.ExpiresAt is { } e ? Utc(e) : "never", t.LastUsedAt is { } u ? Utc(u) : "never", State(t, now) })
                    .Prepend(["NAME", "ACCESS", "CREATED (UTC)", "EXPIRES (UTC)", "LAST USED (UTC)", "STATE"])
                    .ToList();
                var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
                foreach (var row in rows)
                {
                    console.Out.WriteLine(string.Join("  ", row.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell)));
                }

                return PortalCommands.Done;
            case ["revoke", var user, var name] when !user.StartsWith("--", StringComparison.Ordinal):
                if (await tokens.UserIdAsync(user) is not { } revokeId)
                {
                    return RefusedWith(console, UserAdministration.UnknownUser(user));
                }

                if (!await tokens.RevokeAsync(revokeId, name))
                {
                    return RefusedWith(console, ApiTokenStore.UnknownToken(name));
                }

                console.Out.WriteLine($"Revoked API token '{name}' of {user}: it is refused from now on.");
                return PortalCommands.Done;
            default:
                return UsageOf(console, "");
        }
    }

    private static int UsageOf(CommandConsole console, string problem)
    {
        if (problem.Length > 0)
        {
            console.Error.WriteLine(problem);
        }

        console.Error.WriteLine(UsageText);
        return PortalCommands.Usage;
    }

    private static int RefusedWith(CommandConsole console, string message)
    {
        console.Error.WriteLine(message);
        return PortalCommands.Refused;
    }

    private static string Access(ApiTokenInfo t) => t.ReadOnly ? "read-only" : "read-write";

    private static string Expiry(ApiTokenInfo t) => t.ExpiresAt is { } e ? $"expires {Utc(e)} UTC" : "does not expire";

    private static string State(ApiTokenInfo t, DateTimeOffset now) =>
        t.RevokedAt is not null ? "revoked" : t.IsLiveAt(now) ? "active" : "expired";

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Describe(UserSummary u) =>
        $"{u.Username} ({u.Type.ToString().ToUpperInvariant()}{(u.CustomerId is { } c ? $", customer {c}" : "")}" +
        $"{(u.Locked ? ", locked" : "")}; groups: {(u.Groups.Count == 0 ? "none" : string.Join(", ", u.Groups))})";
}
