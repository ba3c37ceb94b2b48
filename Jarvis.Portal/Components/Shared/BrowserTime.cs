using Microsoft.JSInterop;

namespace Jarvis.Portal.Components.Shared;

/// <summary>
/// The browser's time zone, asked once per circuit (scoped) through <c>Intl.DateTimeFormat</c>, so that the portal shows
/// times as the user's own clock does. Until it is known, and when the browser names a zone this server does not
/// know, times are shown in UTC.
/// </summary>
public sealed class BrowserTime(IJSRuntime js, ILogger<BrowserTime> logger)
{
    /// <summary>The module beside <see cref="LocalTime"/>, as the browser imports it.</summary>
    public const string ModulePath = "./Components/Shared/LocalTime.razor.js";

    private Task<TimeZoneInfo>? _zone;

    public TimeZoneInfo? Zone { get; private set; }

    /// <summary>Asks the browser once; call it after the first render (there is no browser while prerendering).</summary>
    public Task<TimeZoneInfo> GetZoneAsync() => _zone ??= AskAsync();

    public static string Format(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<TimeZoneInfo> AskAsync()
    {
        string? id = null;
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference?>("import", ModulePath);
            id = module is null ? null : await module.InvokeAsync<string?>("timeZone");
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            logger.LogInformation("The browser's time zone could not be read ({Reason}); showing times in UTC", e.GetType().Name);
        }

        Zone = id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        return Zone;
    }
}
