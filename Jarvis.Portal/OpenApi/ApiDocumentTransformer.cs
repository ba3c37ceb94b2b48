using Jarvis.Portal.Api;
using Jarvis.Portal.Operations;
using Jarvis.Portal.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jarvis.Portal.OpenApi;

/// <summary>
/// What the document says about the API as a whole: how to use it (info), where it is (servers, without a trailing
/// slash), the session cookie as a security scheme, the tags, and the answers to a path or method that no operation
/// serves (<see cref="NoSuchEndpoint"/>, <see cref="MethodNotAllowed"/>).
/// </summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The name of the API token scheme in the document's security schemes.</summary>
    public const string ApiTokenScheme = "ApiToken";

    public const string NoSuchEndpoint = "NoSuchEndpoint";
    public const string MethodNotAllowed = "MethodNotAllowed";

    private const string Description = """
        The customer API of the original OCNCC "Jarvis" N2FE agent, rebuilt: scripts written for the original keep working.

        Every operation answers under `/` and under the original's prefix `/jarvis-agent/n2fe`; both are listed.

        **Session.** `POST /__login` with `username` and `password` as a form or a JSON body answers with the status
        object and sets the `N2FE_CGISESSID` cookie (HttpOnly, SameSite=Strict). Send that cookie with every other
        call; a session ends after 60 idle minutes or at `/__logout`.

        **Answers.** Every answer is `application/json; charset=utf-8` and carries one of three envelopes: the status
        object (`logged_in` the integer 1 or 0), the store envelope of a successful PUT (`success` 1, `logged_in` the
        string "1") or the refusal (`success` 0 and a `message`). A refused store is HTTP 200 with the refusal, as in
        the original: test `success`, not only the status. Without a live session every `/api` call answers 401 with
        the status object, never a redirect. A database outage answers 503: try again, the portal recovers by itself.

        **Unknown paths and methods.** A path under `/api` or a session path that no operation serves answers 404 with
        the refusal (the status object on session paths), "No such API endpoint."; a method an operation path does not
        serve answers 405, "This method is not allowed here." (see the components' responses).
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Jarvis Portal API",
            Version = "1.0.0",
            Description = Description,
        };

        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SessionCookie.Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionCookie.Name,
            Description = "The session id that POST /__login sets as a cookie (32 lower-case hex characters). curl: `-c cookies.txt` keeps it, `-b cookies.txt` sends it.",
        };
        document.Components.SecuritySchemes[ApiTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "jrv_ and 43 base64url characters",
            Description = "An API token (API.md section 10), made with `users token add USER NAME` or on the portal's \"API tokens\" page and shown once: " +
                "`Authorization: Bearer jrv_...` acts as its user with no cookie and no session. Only in this header, never in the query string. " +
                "A read-only token is refused every PUT, POST and DELETE (403, \"This token may only read.\"); an unknown, revoked or expired " +
                "token, or one whose user is locked or in no login group, gets 401 \"Invalid or expired token.\".",
        };

        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Session", Description = "Log in, ask who you are, log out: the original's __login, __status and __logout." },
            new() { Name = "Customers", Description = "Search, read and change the customers the logged-in user may see (and change)." },
            new() { Name = "Operations", Description = "For monitoring: health and metrics. No login, no customer data; only under `/`." },
        };
        DescribeOperations(document);

        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        document.Components.Responses[NoSuchEndpoint] = Unmatched(document, "No operation serves this path: \"No such API endpoint.\"", ApiExamples.NoSuchEndpoint);
        document.Components.Responses[MethodNotAllowed] = Unmatched(document, "The path is served, but not with this method: \"This method is not allowed here.\"", ApiExamples.MethodNotAllowed);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The operations endpoints (<see cref="OperationsExtensions"/>) are middleware, not endpoints, so the generator
    /// does not see them: health and metrics are described here.
    /// </summary>
    private static void DescribeOperations(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Paths[OperationsExtensions.LivePath] = Plain("getLive", "Liveness: 200 while the process runs.",
            "Answers \"Healthy\" as long as the process serves requests; it does not ask the database.",
            (StatusCodes.Status200OK, "The process runs.", "text/plain", "Healthy"));
        document.Paths[OperationsExtensions.ReadyPath] = Plain("getReady", "Readiness: 200 when the database answers, 503 when not.",
            "Asks the database; a load balancer should send no traffic while this answers 503.",
            (StatusCodes.Status200OK, "The database answers.", "text/plain", "Healthy"),
            (StatusCodes.Status503ServiceUnavailable, "The database does not answer.", "text/plain", "Unhealthy"));
        document.Paths[OperationsExtensions.MetricsPath] = Plain("getMetrics", "Prometheus metrics of the portal and the runtime.",
            "The Prometheus text format (or OpenMetrics, when the scraper asks for it): Jarvis's own counters and histograms " +
            "(jarvis_logins_total, jarvis_customer_search_duration_seconds, jarvis_customer_updates_total), HTTP and .NET runtime metrics. " +
            "Only for the addresses in Jarvis:Operations:MetricsAllowedFrom; any other gets the portal's 404 page.",
            (StatusCodes.Status200OK, "The metrics.", "text/plain", "jarvis_logins_total{outcome=\"success\"} 1"),
            (StatusCodes.Status404NotFound, "Not from an allowed address: the portal's \"Page not found\" page.", "text/html", "<!DOCTYPE html>"));
    }

    private static OpenApiPathItem Plain(string operationId, string summary, string description, params (int Status, string Description, string MediaType, string Example)[] answers) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = operationId,
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new("Operations") },
                Security = [],
                Responses = Responses(answers),
            },
        },
    };

    private static OpenApiResponses Responses(IEnumerable<(int Status, string Description, string MediaType, string Example)> answers)
    {
        var responses = new OpenApiResponses();
        foreach (var (status, description, mediaType, example) in answers)
        {
            responses[ApiOperationTransformer.Code(status)] =
                ApiOperationTransformer.Answer(description, mediaType, new OpenApiSchema { Type = JsonSchemaType.String }, example);
        }

        return responses;
    }

    /// <summary>The refusal under <c>/api</c>, the status object on the session paths.</summary>
    private static OpenApiResponse Unmatched(OpenApiDocument document, string description, Refusal example) =>
        ApiOperationTransformer.Answer(description, "application/json",
            new OpenApiSchema { OneOf = [new OpenApiSchemaReference(nameof(Refusal), document), new OpenApiSchemaReference(nameof(StatusObject), document)] },
            System.Text.Json.JsonSerializer.SerializeToNode(example, System.Text.Json.JsonSerializerOptions.Web));
}
