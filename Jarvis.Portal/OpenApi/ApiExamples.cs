using Jarvis.Core.Customers;
using Jarvis.Portal.Api;
using Jarvis.Portal.Security;

namespace Jarvis.Portal.OpenApi;

/// <summary>
/// The document's examples: the demo data's answers, the same ones README.md shows, built from the envelopes and
/// messages the endpoints themselves use so that an example cannot drift from the wire.
/// </summary>
public static class ApiExamples
{
    public const string Su = "su";
    public const string SuPassword = "su-demo";
    public const string SuGroups = "ACS_BOSS,CCS Superuser";
    public const string Sid = "3219714c09f792433bc5467a440c22e7";

    public static readonly object LoginForm = new Dictionary<string, string> { ["username"] = Su, ["password"] = SuPassword };
    public static readonly object WrongPassword = new Dictionary<string, string> { ["username"] = Su, ["password"] = "wrong" };

    public static readonly StatusObject LoggedIn = new(1, Su, "", SuGroups, Sid);
    public static readonly StatusObject InvalidLogin = StatusObject.NotLoggedIn("Invalid username or password.");
    public static readonly StatusObject LoginRequired = StatusObject.NotLoggedIn(StatusObject.LoginRequired);
    public static readonly StatusObject LoggedOut = StatusObject.NotLoggedIn(StatusObject.LoggedOut);
    public static readonly StatusObject QueryCredentials = StatusObject.NotLoggedIn(SessionEndpoints.QueryCredentialsRefused);
    public static readonly StatusObject UnreadableLogin = StatusObject.NotLoggedIn(SessionEndpoints.MalformedBody);
    public static readonly StatusObject CrossSiteLogin = StatusObject.NotLoggedIn(Security.CrossSiteLogin.Refused);
    public static readonly StatusObject LoginTooLarge = StatusObject.NotLoggedIn(LoginBody.TooLarge);
    public static readonly StatusObject LoginThrottled = StatusObject.NotLoggedIn(Jarvis.Core.Security.LoginResult.TooManyFailures(15));
    public static readonly StatusObject InvalidToken = StatusObject.NotLoggedIn(Jarvis.Core.Security.TokenCheck.Invalid);
    public static readonly StatusObject TokenStatus = new(1, Su, "", SuGroups);
    public static readonly Refusal ReadOnlyToken = SuRefusal(ApiAuthorizationResultHandler.ReadOnlyToken);
    public static readonly StatusObject SessionOutage = StatusObject.NotLoggedIn(DatabaseOutage.ApiMessage);

    public static readonly CustomerSummaryJson[] SearchRapi =
    [
        new("3134", "Rapidity Inc", "0800134123"),
        new("1551", "Rapidity Locators Inc", "0800555132, 08005551232"),
    ];

    public static readonly CustomerJson Customer3134 = new("3134", "Rapidity Inc", "430184/A", null);

    public static readonly CustomerHistoryJson[] History3134 =
    [
        new("2026-11-28T09:15:02Z", Su, "customer_reference", "430184/A", "430184/B", "api"),
        new("2026-11-28T09:15:02Z", Su, "description", null, "This is a test update", "api"),
    ];

    public static readonly object Update = new Dictionary<string, string?>
    {
        ["customer_reference"] = "430184/B",
        ["description"] = "This is a test update",
    };

    public static readonly object UpdateReferenceOnly = new Dictionary<string, string?> { ["customer_reference"] = "430184/B" };

    public static readonly StoreSuccess Stored = new(Su, 1, "", SuGroups, 1, "1");
    public static readonly StoreSuccess StoredNothing = new(Su, 1, "", SuGroups, 0, "1");
    public static readonly Refusal ReferenceInUse = SuRefusal(CustomerRules.ReferenceInUse("430184/B"));
    public static readonly Refusal ReferenceTooLong = SuRefusal(CustomerRules.ReferenceTooLong);
    public static readonly Refusal MayNotChange = new(CustomerRules.MayNotChange(2001), 0, "AcsPermissionLevel6", "1", "", "rapidity");
    public static readonly Refusal ChangedSinceRead = SuRefusal(CustomerRules.ChangedSinceRead(3134));
    public static readonly Refusal NotFound = SuRefusal(CustomerApi.NotFoundMessage(99));
    public static readonly Refusal InvalidId = SuRefusal(CustomerApi.InvalidId);
    public static readonly Refusal InvalidPageStart = SuRefusal(CustomerApi.NotNonNegative("page_start"));
    public static readonly Refusal NotAnObject = SuRefusal(CustomerUpdateReader.NotAnObject);
    public static readonly Refusal BodyTooLarge = SuRefusal(CustomerUpdateReader.BodyTooLarge);
    public static readonly Refusal UnsupportedContentType = SuRefusal(CustomerUpdateReader.UnsupportedContentType);
    public static readonly Refusal ApiOutage = Refusal.For(null, DatabaseOutage.ApiMessage);
    public static readonly Refusal NoSuchEndpoint = SuRefusal(ApiEnvelope.NoSuchEndpoint);
    public static readonly Refusal MethodNotAllowed = SuRefusal(ApiEnvelope.MethodNotAllowed);

    public static readonly object Create = new Dictionary<string, string?>
    {
        ["name"] = "Rapidity Express Ltd",
        ["customer_reference"] = "430185/A",
        ["description"] = "Same-day deliveries",
        ["parent_id"] = "3134",
    };

    public static readonly object CreateNameOnly = new Dictionary<string, string?> { ["name"] = "Rapidity Express Ltd" };

    public static readonly CreateSuccess Created = new(Su, 1, "", SuGroups, 1, "1", "10212");
    public static readonly Refusal NameInUse = SuRefusal(CustomerRules.NameInUse("rapidity inc"));
    public static readonly Refusal NameRequired = SuRefusal(CustomerRules.NameRequired);
    public static readonly Refusal MayNotCreateBelow = new(CustomerRules.MayNotCreateBelow(2001), 0, "AcsPermissionLevel6", "1", "", "rapidity");
    public static readonly Refusal MayNotCreate = new(CustomerRules.MayNotCreate, 0, "ACS_BOSS_READ", "1", "", "auditor");
    public static readonly Refusal CreateNotAnObject = SuRefusal(CustomerCreateReader.NotAnObject);
    public static readonly Refusal StillHasNumbers = SuRefusal(CustomerRules.StillHasNumbers(3134));
    public static readonly Refusal StillHasChildren = SuRefusal(CustomerRules.StillHasChildren(3140));
    public static readonly Refusal MayNotDelete = new(CustomerRules.MayNotDelete(3134), 0, "AcsPermissionLevel6", "1", "", "rapidity");

    private static Refusal SuRefusal(string message) => new(message, 0, SuGroups, "1", "", Su);
}
