namespace Jarvis.Core.Security;

/// <summary>
/// The five numbers of password-guessing protection (API.md section 6), bound from <c>Jarvis:LoginThrottle</c>:
/// <see cref="PairFailureLimit"/> failures for one (user name, client address) within <see cref="PairWindow"/>, or
/// <see cref="AddressFailureLimit"/> failures from one address within <see cref="AddressWindow"/>, lock that pair
/// (or address) for <see cref="LockDuration"/>.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "Jarvis:LoginThrottle";

    public int PairFailureLimit { get; set; } = 5;

    public TimeSpan PairWindow { get; set; } = TimeSpan.FromMinutes(15);

    public int AddressFailureLimit { get; set; } = 20;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back a failure can still matter: older rows are purged.</summary>
    internal TimeSpan Horizon => (PairWindow > AddressWindow ? PairWindow : AddressWindow) + LockDuration;
}
