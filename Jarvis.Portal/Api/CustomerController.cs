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

    private static readonly string[] SearchParameterNames = ["name", "page_start", "page_limit"];

    public static string NotFoundMessage(long id) => $"Customer {id} not found.";

    public static string NotNonNegative(string parameter) => $"{parameter} must be a non-negative whole number.";

    [HttpGet]
    [EndpointSummary("Search the customers the logged-in user may see.")]
    [EndpointDescription("A JSON array ordered by name, streamed. The term matches names and service numbers, case-insensitively.")]
    [ProducesResponseType<IEnumerable<CustomerSummaryJson>>(StatusCodes.Status200OK)]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "page_start or page_limit is not a non-negative whole number.")]
    public async Task<IActionResult> Search([FromQuery] CustomerSearchParameters query)
    {
        if (SearchParameterNames.Any(n => Request.Query[n].Count > 1))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, RepeatedParameter);
        }

        if (!TryParseCount(query.PageStart, out var offset))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, NotNonNegative("page_start"));
        }

        if (!TryParseCount(query.PageLimit, out var limit))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, NotNonNegative("page_limit"));
        }

        var rows = customers.SearchAsync(new CustomerQuery(query.Name, offset ?? 0, limit), HttpContext.RequestAborted);
        // Fetch the first row here, so that a database failure is still an ordinary 503 before any byte is written.
        var enumerator = rows.GetAsyncEnumerator(HttpContext.RequestAborted);
        bool any;
        try
        {
            any = await enumerator.MoveNextAsync();
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }

        return Ok(StreamRows(enumerator, any, HttpContext.RequestAborted));
    }

    [HttpGet("{customer_id}")]
    [EndpointSummary("One customer the logged-in user may see.")]
    [EndpointDescription("404 both when the customer does not exist and when the user may not see it.")]
    [ProducesResponseType<CustomerJson>(StatusCodes.Status200OK)]
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
        return customer is null
            ? await RefuseAsync(StatusCodes.Status404NotFound, NotFoundMessage(id))
            : Ok(CustomerJson.From(customer));
    }

    [HttpPut("{customer_id}")]
    [EndpointSummary("Change a customer's reference and description.")]
    [EndpointDescription(
        "Body: a JSON object with customer_reference and description, each a string or null; a missing key stores NULL, " +
        "unknown keys are ignored. Store refusals are HTTP 200 with success 0 and a message, as in the original.")]
    [ProducesResponseType<StoreSuccess>(StatusCodes.Status200OK, Description = "Stored (success 1, modified 0 or 1), or refused (success 0 with a message: see Refusal).")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "Bad customer_id, or a body that is empty, not JSON or not an object.")]
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
        var result = await customers.UpdateAsync(id, request.Change, ChangeChannel.Api, null, HttpContext.RequestAborted);
        switch (result)
        {
            case UpdateResult.Updated updated:
                logger.LogInformation("User {Username} updated customer {CustomerId} ({Modified} row)", user?.Username, id, updated.Modified);
                return Ok(StoreSuccess.For(user!, updated.Modified));
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
}
