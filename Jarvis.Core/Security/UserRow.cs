namespace Jarvis.Core.Security;

internal sealed class UserRow
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string UserType { get; set; } = "";
    public long? CustomerId { get; set; }
    public string? PasswordHash { get; set; }
    public bool Locked { get; set; }
    public long ExpiresAt { get; set; }

    public JarvisUser ToUser(IReadOnlyList<string> groups) =>
        new(Id, Username, UserType == "ACS" ? Security.UserType.Acs : Security.UserType.Smf, CustomerId, groups);
}
