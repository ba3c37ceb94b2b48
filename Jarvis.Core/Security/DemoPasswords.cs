using Dapper;
using Jarvis.Core.Data;

namespace Jarvis.Core.Security;

/// <summary>
/// Finds users whose password is still their demo password (<c>&lt;user&gt;-demo</c>, DEMO-DATA.md): outside
/// Development the portal refuses to start while there is one (API.md section 6).
/// </summary>
public static class DemoPasswords
{
    public static string Of(string username) => username + "-demo";

    /// <summary>
    /// The user names, in order, whose stored hash matches their demo password. Each check is a full password hash
    /// (about 150 ms of one core), spread over the cores.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UsersStillOnThemAsync(JarvisDatabase database, CancellationToken cancellationToken = default)
    {
        List<UserRow> users;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            users = (await connection.QueryAsync<UserRow>(database.Command(
                SecuritySql.AllPasswordHashes, cancellationToken: cancellationToken))).ToList();
        }

        var onDemo = new bool[users.Count];
        await Parallel.ForAsync(0, users.Count, cancellationToken, (i, _) =>
        {
            onDemo[i] = PasswordHasher.Verify(Of(users[i].Username), users[i].PasswordHash);
            return ValueTask.CompletedTask;
        });
        return users.Where((_, i) => onDemo[i]).Select(u => u.Username).ToList();
    }

    public static string RefusalMessage(IReadOnlyList<string> usernames) =>
        $"Refusing to start outside Development: {usernames.Count} user(s) still have their demo password (<user>-demo): " +
        $"{string.Join(", ", usernames)}. Change each one with `dotnet Jarvis.Portal.dll users passwd NAME` " +
        "(from the publish folder; or `dotnet run --project Jarvis.Portal -- users passwd NAME`), " +
        "or run with ASPNETCORE_ENVIRONMENT=Development to use the demo database.";
}
