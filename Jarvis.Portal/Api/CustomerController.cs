using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Runtime.CompilerServices;
using Jarvis.Core.Customers;
using Jarvis.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jarvis.Portal.Api;

/// <summary>
/// The original's customer endpoint (customer-api.txt, API.md section 4) under both bases. Thin: it parses the
/// request, asks <see cref="CustomerService"/> (which alone decides who sees and changes what) and maps the answer
/// to the original's JSON. Every 4xx answer carries the refusal envelope with a message.
/// </summary>
[ApiController]
[Authorize]
[Route("api/customer")]
[Route(ApiPaths.LegacyBase + "/api/customer")]
[Produces("application/json")]
[Tags("Customers")]
[ProducesResponseType<StatusObject>(StatusCodes.Status401Unauthorized, Description = "No live session: \"Login required.\"")]
[ProducesResponseType<Refusal>(StatusCodes.Status503ServiceUnavailable, Description = "The database is down or locked; try again shortly.")]
public sealed class CustomerController(CustomerService customers, ICurrentUser currentUser, ILogger<CustomerController> logger) : ControllerBase
{
    public const string InvalidId = "customer_id must be a positive whole number.";
    public const string RepeatedParameter = "Give each query parameter at most once.";

    public static string NotFoundMessage(long id) => $"Customer {id} not found.";

    public static string NotNonNegative(string parameter) => $"{parameter} must be a non-negative whole number.";

    [HttpGet]
    [EndpointSummary("Search the customers the logged-in user may see.")]
    [EndpointDescription("A JSON array ordered by name, streamed. The term matches names and service numbers, case-insensitively.")]
    [ProducesResponseType<IEnumerable<CustomerSummaryJson>>(StatusCodes.Status200OK)]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "page_start or page_limit is not a non-negative whole number.")]
    public async Task<IActionResult> Search([FromQuery] CustomerSearchParameters query)
    {
        if (query.Refusal(Request.Query, out var offset, out var limit) is { } refusal)
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, refusal);
        }

        var rows = customers.SearchAsync(new CustomerQuery(query.Name, offset, limit), HttpContext.RequestAborted);
        var (enumerator, any) = await StartAsync(rows, HttpContext.RequestAborted);
        return Ok(StreamRows(enumerator, any, HttpContext.RequestAborted));
    }

    [HttpGet("~/api/customer.csv")]
    [HttpGet("~" + ApiPaths.LegacyBase + "/api/customer.csv")]
    [EndpointSummary("The search of GET /api/customer as a CSV file.")]
    [EndpointDescription(
        "The same rows, order and access as GET /api/customer, streamed as text/csv (RFC 4180, UTF-8) with the header " +
        "id,name,customer_sns,customer_reference and Content-Disposition attachment; filename=\"customers.csv\". A cell that " +
        "starts with =, +, -, @, tab or CR is prefixed with ' so that a spreadsheet does not run it as a formula.")]
    [Produces("text/csv", "application/json")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, "application/json", Description = "page_start or page_limit is not a non-negative whole number, or a parameter is given twice.")]
    public async Task<IActionResult> ExportCsv([FromQuery] CustomerSearchParameters query)
    {
        if (query.Refusal(Request.Query, out var offset, out var limit) is { } refusal)
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, refusal);
        }

        var rows = customers.SearchAsync(new CustomerQuery(query.Name, offset, limit), HttpContext.RequestAborted);
        var (enumerator, any) = await StartAsync(rows, HttpContext.RequestAborted);
        Response.ContentType = CustomerCsv.ContentType;
        Response.Headers.ContentDisposition = CustomerCsv.ContentDisposition;
        var count = await CustomerCsv.WriteAsync(Response.Body, Replay(enumerator, any), HttpContext.RequestAborted);
        logger.LogDebug("Customer CSV export streamed {Rows} rows", count);
        return new EmptyResult();
    }

    [HttpGet("{customer_id}")]
    [EndpointSummary("One customer the logged-in user may see.")]
    [EndpointDescription("404 both when the customer does not exist and when the user may not see it.")]
    [ProducesResponseType<CustomerJson>(StatusCodes.Status200OK, Description = "The customer, with its version in ETag.")]
    [ProducesResponseType(StatusCodes.Status304NotModified, Description = "If-None-Match names the current ETag: the client's copy is current (no body).")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "customer_id is not a positive whole number.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status404NotFound, Description = "\"Customer <id> not found.\"")]
    public async Task<IActionResult> Get(
        [FromRoute(Name = "customer_id"), Description("The customer's id: a positive whole number.")] string customerId)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, InvalidId);
        }

        var customer = await customers.GetAsync(id, HttpContext.RequestAborted);
        if (customer is null)
        {
            return await RefuseAsync(StatusCodes.Status404NotFound, NotFoundMessage(id));
        }

        Response.Headers.ETag = EntityTags.Format(customer.Version);
        return EntityTags.NoneMatchIsCurrent(Request.Headers.IfNoneMatch, customer.Version)
            ? StatusCode(StatusCodes.Status304NotModified)
            : Ok(CustomerJson.From(customer));
    }

    [HttpGet("{customer_id}/history")]
    [EndpointSummary("Who changed the customer's reference or description, and when.")]
    [EndpointDescription(
        "A JSON array, newest first: one entry per changed field of each change made through the API or the portal. " +
        "Visible exactly when the customer is (404 alike otherwise). page_start and page_limit as in the search.")]
    [ProducesResponseType<IEnumerable<CustomerHistoryJson>>(StatusCodes.Status200OK)]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "customer_id is not a positive whole number, or page_start or page_limit is not a non-negative whole number.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status404NotFound, Description = "\"Customer <id> not found.\"")]
    public async Task<IActionResult> History(
        [FromRoute(Name = "customer_id"), Description("The customer's id: a positive whole number.")] string customerId,
        [FromQuery] CustomerHistoryParameters query)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, InvalidId);
        }

        if (query.Refusal(Request.Query, out var offset, out var limit) is { } refusal)
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, refusal);
        }

        var history = await customers.GetHistoryAsync(id, offset, limit, HttpContext.RequestAborted);
        return history is null
            ? await RefuseAsync(StatusCodes.Status404NotFound, NotFoundMessage(id))
            : Ok(history.Items.Select(CustomerHistoryJson.From));
    }

    [HttpPut("{customer_id}")]
    [EndpointSummary("Change a customer's reference and description.")]
    [EndpointDescription(
        "Body: a JSON object with customer_reference and description, each a string or null; a missing key stores NULL, " +
        "unknown keys are ignored. Store refusals are HTTP 200 with success 0 and a message, as in the original. " +
        "With If-Match (the ETag of a GET) the change is stored only if the customer is unchanged since; without it, or with *, always. " +
        "A stored change answers with the new ETag.")]
    [ProducesResponseType<StoreSuccess>(StatusCodes.Status200OK, Description = "Stored (success 1, modified 0 or 1), or refused (success 0 with a message: see Refusal).")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "Bad customer_id, or a body that is empty, not JSON or not an object.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status412PreconditionFailed, Description =
        "If-Match does not name the customer's current ETag (or is weak, a list or malformed): \"Customer <id> was changed by someone else since you read it.\" Nothing changed.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status413PayloadTooLarge, Description = "The body is larger than 64 KiB.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status415UnsupportedMediaType, Description = "Content-Type is not application/json.")]
    public async Task<IActionResult> Put(
        [FromRoute(Name = "customer_id"), Description("The customer's id: a positive whole number.")] string customerId)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, InvalidId);
        }

        var request = await CustomerUpdateReader.ReadAsync(Request, HttpContext.RequestAborted);
        if (request.Change is null)
        {
            return await RefuseAsync(request.Status, request.Message!);
        }

        var user = await currentUser.GetUserAsync(HttpContext.RequestAborted);
        var expected = EntityTags.ExpectedVersion(Request.Headers.IfMatch);
        var result = await customers.UpdateAsync(id, request.Change, ChangeChannel.Api, expected, HttpContext.RequestAborted);
        switch (result)
        {
            case UpdateResult.Updated updated:
                logger.LogInformation("User {Username} updated customer {CustomerId} ({Modified} row)", user?.Username, id, updated.Modified);
                if (updated.Version is { } version)
                {
                    Response.Headers.ETag = EntityTags.Format(version);
                }

                return Ok(StoreSuccess.For(user!, updated.Modified));
            case UpdateResult.Conflict conflict:
                logger.LogInformation("Update of customer {CustomerId} by {Username} refused: changed since read", id, user?.Username);
                return new ObjectResult(Refusal.For(user, conflict.Message)) { StatusCode = StatusCodes.Status412PreconditionFailed };
            case UpdateResult.Refused refused:
                logger.LogInformation("Update of customer {CustomerId} by {Username} refused", id, user?.Username);
                return Ok(Refusal.For(user, refused.Message));
            default:
                throw new InvalidOperationException($"Unknown update result {result.GetType().Name}.");
        }
    }

    /// <summary>A positive whole number that fits a 64-bit integer: digits only, no sign, no spaces.</summary>
    internal static bool TryParseId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>Absent is fine (null); present must be a non-negative whole number that fits a 64-bit integer.</summary>
    internal static bool TryParseCount(string? text, out long? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private async Task<IActionResult> RefuseAsync(int statusCode, string message)
    {
        var user = await currentUser.GetUserAsync(HttpContext.RequestAborted);
        return new ObjectResult(Refusal.For(user, message)) { StatusCode = statusCode };
    }

    /// <summary>Fetches the first row here, so that a database failure is still an ordinary 503 before any byte is written.</summary>
    private static async Task<(IAsyncEnumerator<T> Rows, bool Any)> StartAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        try
        {
            return (enumerator, await enumerator.MoveNextAsync());
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

    /// <summary>The rows of a started enumerator, the first one included.</summary>
    private static async IAsyncEnumerable<T> Replay<T>(IAsyncEnumerator<T> rows, bool any)
    {
        await using (rows)
        {
            for (var more = any; more; more = await rows.MoveNextAsync())
            {
                yield return rows.Current;
            }
        }
    }

    private async IAsyncEnumerable<CustomerSummaryJson> StreamRows(
        IAsyncEnumerator<CustomerSummary> rows, bool any, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await using (rows)
            {
                if (!any)
                {
                    yield break;
                }

                do
                {
                    count++;
                    yield return CustomerSummaryJson.From(rows.Current);
                }
                while (!cancellationToken.IsCancellationRequested && await rows.MoveNextAsync());
            }
        }
        finally
        {
            logger.LogDebug("Customer search streamed {Rows} rows (cancelled: {Cancelled})", count, cancellationToken.IsCancellationRequested);
        }
    }

}

/// <summary>The query string of <c>GET /api/customer</c>, bound as text so that the controller can answer bad numbers with 400.</summary>
public sealed class CustomerSearchParameters
{
    [FromQuery(Name = "name"), Description("Optional search term: a case-insensitive substring of the name or of a service number.")]
    public string? Name { get; set; }

    [FromQuery(Name = "page_start"), DisplayFormat(ConvertEmptyStringToNull = false), Description("Optional 0-based offset: a non-negative whole number.")]
    public string? PageStart { get; set; }

    [FromQuery(Name = "page_limit"), DisplayFormat(ConvertEmptyStringToNull = false), Description("Optional number of rows: a non-negative whole number.")]
    public string? PageLimit { get; set; }

    /// <summary>The refusal message for a bad query (a parameter given twice, a bad page_start or page_limit), else null and the page.</summary>
    internal string? Refusal(IQueryCollection query, out long offset, out long? limit)
    {
        offset = 0;
        limit = null;
        if (new[] { "name", "page_start", "page_limit" }.Any(n => query[n].Count > 1))
        {
            return CustomerController.RepeatedParameter;
        }

        if (!CustomerController.TryParseCount(PageStart, out var start))
        {
            return CustomerController.NotNonNegative("page_start");
        }

        if (!CustomerController.TryParseCount(PageLimit, out limit))
        {
            return CustomerController.NotNonNegative("page_limit");
        }

        offset = start ?? 0;
        return null;
    }
}

/// <summary>The query string of <c>GET /api/customer/{customer_id}/history</c>: the paging of the search.</summary>
public sealed class CustomerHistoryParameters
{
    [FromQuery(Name = "page_start"), DisplayFormat(ConvertEmptyStringToNull = false), Description("Optional 0-based offset: a non-negative whole number.")]
    public string? PageStart { get; set; }

    [FromQuery(Name = "page_limit"), DisplayFormat(ConvertEmptyStringToNull = false), Description("Optional number of entries: a non-negative whole number.")]
    public string? PageLimit { get; set; }

    internal string? Refusal(IQueryCollection query, out long offset, out long? limit) =>
        new CustomerSearchParameters { PageStart = PageStart, PageLimit = PageLimit }.Refusal(query, out offset, out limit);
}
