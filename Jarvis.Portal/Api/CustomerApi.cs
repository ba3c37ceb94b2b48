using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Runtime.CompilerServices;
using Jarvis.Core.Customers;
using Jarvis.Core.Security;
using Microsoft.AspNetCore.Mvc;
using Jarvis.Portal.OpenApi;

namespace Jarvis.Portal.Api;

/// <summary>
/// The original's customer endpoint (customer-api.txt, API.md section 4) under both bases. Thin: it parses the
/// request, asks <see cref="CustomerService"/> (which alone decides who sees and changes what) and maps the answer
/// to the original's JSON. Every 4xx answer carries the refusal envelope with a message.
/// </summary>
public static class CustomerApi
{
    public const string InvalidId = "customer_id must be a positive whole number.";
    public const string RepeatedParameter = "Give each query parameter at most once.";

    private const string IdDescription = "The customer's id: a positive whole number (digits only, at most 9223372036854775807); anything else answers 400.";

    /// <summary>Digits only with at least one that is not 0 (leading zeros are accepted).</summary>
    private const string IdPattern = "^[0-9]*[1-9][0-9]*$";

    /// <summary>Digits only: a non-negative whole number.</summary>
    private const string CountPattern = "^[0-9]+$";

    private static readonly string[] SearchParameterNames = ["name", "page_start", "page_limit"];

    private const string PageStartDescription = "Optional 0-based offset: a non-negative whole number.";

    private const string JsonBodyDescription = "A JSON object of at most 64 KiB; Content-Type application/json (a charset parameter is fine).";
    private const string PageLimitDescription = "Optional number of rows: a non-negative whole number.";

    public static string NotFoundMessage(long id) => $"Customer {id} not found.";

    public static string NotNonNegative(string parameter) => $"{parameter} must be a non-negative whole number.";

    public static IEndpointRouteBuilder MapCustomerApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in ApiPaths.Bases)
        {
            var api = app.MapGroup(prefix + "/api")
                .RequireAuthorization()
                .WithTags("Customers")
                .Answers(StatusCodes.Status401Unauthorized, typeof(StatusObject), "No live session: the status object, \"Login required.\" Log in again.")
                .Answers(StatusCodes.Status503ServiceUnavailable, typeof(Refusal), "The database is down or locked; nothing was changed. Try again shortly.")
                .WithResponseExample(StatusCodes.Status401Unauthorized, "loginRequired", "No session cookie, or an expired one", ApiExamples.LoginRequired)
                .WithResponseExample(StatusCodes.Status503ServiceUnavailable, "outage", "The database does not answer", ApiExamples.ApiOutage);
            api.MapGet("/customer", SearchAsync)
                .WithOperationName("Customers")
                .WithResponseExample(StatusCodes.Status200OK, "rapi", "?name=rapi as su", ApiExamples.SearchRapi)
                .WithResponseExample(StatusCodes.Status400BadRequest, "badPageStart", "?page_start=-1", ApiExamples.InvalidPageStart);
            api.MapGet("/customer/{customer_id}", GetAsync)
                .WithOperationName("Customer")
                .WithResponseExample(StatusCodes.Status200OK, "customer3134", "Customer 3134 as su", ApiExamples.Customer3134)
                .WithResponseExample(StatusCodes.Status400BadRequest, "badId", "/api/customer/abc", ApiExamples.InvalidId)
                .WithResponseExample(StatusCodes.Status404NotFound, "notFound", "Customer 99 (none has that id)", ApiExamples.NotFound)
                .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The customer's version, a strong tag: send it as If-Match with a PUT, or as If-None-Match with a later GET.", required: true)
                .WithResponseHeader(StatusCodes.Status304NotModified, "ETag", "The customer's current version, the one If-None-Match named.", required: true);
            api.MapGet("/customer/{customer_id}/history", HistoryAsync)
                .WithOperationName("CustomerHistory")
                .WithResponseExample(StatusCodes.Status200OK, "history3134", "Customer 3134 after su's PUT of the README", ApiExamples.History3134)
                .WithResponseExample(StatusCodes.Status400BadRequest, "badId", "/api/customer/abc/history", ApiExamples.InvalidId)
                .WithResponseExample(StatusCodes.Status404NotFound, "notFound", "Customer 99 (none has that id)", ApiExamples.NotFound);
            api.MapGet("/customer.csv", ExportCsvAsync)
                .WithOperationName("CustomerCsv")
                .WithResponseHeader(StatusCodes.Status200OK, "Content-Disposition", "attachment; filename=\"customers.csv\"", required: true)
                .WithResponseExample(StatusCodes.Status400BadRequest, "badPageStart", "?page_start=-1", ApiExamples.InvalidPageStart);
            api.MapPut("/customer/{customer_id}", PutAsync)
                .WithOperationName("Customer")
                .WithMetadata(
                    new RequestBody(typeof(CustomerUpdateJson), JsonBodyDescription, true, "application/json"),
                    new ResponseOneOf(StatusCodes.Status200OK, typeof(StoreSuccess), typeof(Refusal)))
                .WithRequestExample("application/json", "update", "Both fields", ApiExamples.Update)
                .WithRequestExample("application/json", "referenceOnly", "Only the reference: the description becomes NULL", ApiExamples.UpdateReferenceOnly)
                .WithResponseHeader(StatusCodes.Status200OK, "ETag", "The customer's new version, after a stored change (success 1, modified 1) only.")
                .WithResponseExample(StatusCodes.Status200OK, "stored", "Customer 3134 changed as su", ApiExamples.Stored)
                .WithResponseExample(StatusCodes.Status200OK, "noSuchCustomer", "Customer 99 as su: no customer has that id", ApiExamples.StoredNothing)
                .WithResponseExample(StatusCodes.Status200OK, "referenceInUse", "Customer 1551 given 3134's reference", ApiExamples.ReferenceInUse)
                .WithResponseExample(StatusCodes.Status200OK, "tooLong", "A reference of 51 characters", ApiExamples.ReferenceTooLong)
                .WithResponseExample(StatusCodes.Status200OK, "mayNotChange", "Customer 2001 as rapidity (outside its tree)", ApiExamples.MayNotChange)
                .WithResponseExample(StatusCodes.Status400BadRequest, "notAnObject", "A JSON array as the body", ApiExamples.NotAnObject)
                .WithResponseExample(StatusCodes.Status412PreconditionFailed, "changedSinceRead", "If-Match with an ETag read before someone else's change", ApiExamples.ChangedSinceRead)
                .WithResponseExample(StatusCodes.Status413PayloadTooLarge, "tooLarge", "A body over 64 KiB", ApiExamples.BodyTooLarge)
                .WithResponseExample(StatusCodes.Status415UnsupportedMediaType, "notJson", "Content-Type text/plain", ApiExamples.UnsupportedContentType);
            api.MapPost("/customer", PostAsync)
                .WithOperationName("Customers")
                .WithMetadata(
                    new RequestBody(typeof(CustomerCreateJson), JsonBodyDescription, true, "application/json"),
                    new ResponseOneOf(StatusCodes.Status200OK, typeof(CreateSuccess), typeof(Refusal)))
                .WithRequestExample("application/json", "create", "A customer below Rapidity Inc", ApiExamples.Create)
                .WithRequestExample("application/json", "nameOnly", "Only a name: at the top (su) or below the user's own customer (an ACS user)", ApiExamples.CreateNameOnly)
                .WithResponseHeader(StatusCodes.Status200OK, "Location", "The new customer's path, after a create (success 1) only.")
                .WithResponseExample(StatusCodes.Status200OK, "created", "Created as su", ApiExamples.Created)
                .WithResponseExample(StatusCodes.Status200OK, "nameInUse", "A name another customer has, in any case", ApiExamples.NameInUse)
                .WithResponseExample(StatusCodes.Status200OK, "nameRequired", "No name, or only white space", ApiExamples.NameRequired)
                .WithResponseExample(StatusCodes.Status200OK, "mayNotCreateBelow", "Below customer 2001 as rapidity (outside its tree)", ApiExamples.MayNotCreateBelow)
                .WithResponseExample(StatusCodes.Status200OK, "mayNotCreate", "As auditor (no admin write group)", ApiExamples.MayNotCreate)
                .WithResponseExample(StatusCodes.Status400BadRequest, "notAnObject", "A JSON array as the body", ApiExamples.CreateNotAnObject)
                .WithResponseExample(StatusCodes.Status413PayloadTooLarge, "tooLarge", "A body over 64 KiB", ApiExamples.BodyTooLarge)
                .WithResponseExample(StatusCodes.Status415UnsupportedMediaType, "notJson", "Content-Type text/plain", ApiExamples.UnsupportedContentType);
            api.MapDelete("/customer/{customer_id}", DeleteAsync)
                .WithOperationName("Customer")
                .WithMetadata(new ResponseOneOf(StatusCodes.Status200OK, typeof(StoreSuccess), typeof(Refusal)))
                .WithResponseExample(StatusCodes.Status200OK, "deleted", "A customer with no numbers and none below it, as su", ApiExamples.Stored)
                .WithResponseExample(StatusCodes.Status200OK, "noSuchCustomer", "Customer 99 as su: no customer has that id", ApiExamples.StoredNothing)
                .WithResponseExample(StatusCodes.Status200OK, "stillHasNumbers", "Customer 3134, which has a service number", ApiExamples.StillHasNumbers)
                .WithResponseExample(StatusCodes.Status200OK, "stillHasChildren", "Customer 3140, which has 3141 below it (after its number is gone)", ApiExamples.StillHasChildren)
                .WithResponseExample(StatusCodes.Status200OK, "mayNotDelete", "Customer 3134 as rapidity (its own customer)", ApiExamples.MayNotDelete)
                .WithResponseExample(StatusCodes.Status400BadRequest, "badId", "/api/customer/abc", ApiExamples.InvalidId)
                .WithResponseExample(StatusCodes.Status412PreconditionFailed, "changedSinceRead", "If-Match with an ETag read before someone else's change", ApiExamples.ChangedSinceRead);
        }

        return app;
    }

    [EndpointSummary("Search the customers the logged-in user may see.")]
    [EndpointDescription(
        "A JSON array of {id, name, customer_sns} ordered by name (case-insensitive), streamed; [] when nothing matches. " +
        "name matches, case-insensitively, a substring of the name or of a service number (spaces, dashes, dots and brackets " +
        "are ignored for numbers; % and _ are literal). Page with page_start (0-based offset) and page_limit (row count).")]
    [ProducesResponseType<IEnumerable<CustomerSummaryJson>>(StatusCodes.Status200OK, Description = "The matching customers the user may see, in name order.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "page_start or page_limit is not a non-negative whole number, or a parameter is given twice.")]
    private static async Task<IResult> SearchAsync(
        [FromQuery(Name = "name"), Description("Optional search term: a case-insensitive substring of the name or of a service number.")] string? name,
        [FromQuery(Name = "page_start"), Description(PageStartDescription), RegularExpression(CountPattern)] string? pageStart,
        [FromQuery(Name = "page_limit"), Description(PageLimitDescription), RegularExpression(CountPattern)] string? pageLimit,
        HttpContext context, CustomerService customers, ICurrentUser currentUser, ILoggerFactory loggers)
    {
        if (PagingRefusal(context.Request, pageStart, pageLimit, out var offset, out var limit) is { } refusal)
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, refusal, context.RequestAborted);
        }

        var rows = await StartAsync(customers.SearchAsync(new CustomerQuery(name, offset, limit), context.RequestAborted), context.RequestAborted);
        return TypedResults.Ok(StreamRows(rows, loggers.CreateLogger(typeof(CustomerApi)), context.RequestAborted));
    }

    [EndpointSummary("One customer the logged-in user may see.")]
    [EndpointDescription(
        "The customer's id, name, customer_reference and description; every key is present, NULL as null. The customer's " +
        "version is in ETag; with If-None-Match naming it the answer is 304 without a body. " +
        "The same 404 answers a customer that does not exist and one the user may not see, so ids cannot be probed.")]
    [ProducesResponseType<CustomerJson>(StatusCodes.Status200OK, Description = "The customer, with its version in ETag.")]
    [ProducesResponseType(StatusCodes.Status304NotModified, Description = "If-None-Match names the current ETag: the client's copy is current (no body).")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "customer_id is not a positive whole number.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status404NotFound, Description = "\"Customer <id> not found.\": it does not exist, or the user may not see it.")]
    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "customer_id"), Description(IdDescription), RegularExpression(IdPattern)] string customerId, HttpContext context, CustomerService customers, ICurrentUser currentUser, CancellationToken cancellationToken)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, InvalidId, cancellationToken);
        }

        var customer = await customers.GetAsync(id, cancellationToken);
        if (customer is null)
        {
            return await RefuseAsync(currentUser, StatusCodes.Status404NotFound, NotFoundMessage(id), cancellationToken);
        }

        context.Response.Headers.ETag = EntityTags.Format(customer.Version);
        return EntityTags.NoneMatchIsCurrent(context.Request.Headers.IfNoneMatch, customer.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(CustomerJson.From(customer));
    }

    [EndpointSummary("Who changed the customer's reference or description, and when.")]
    [EndpointDescription(
        "A JSON array, newest first: one entry per changed field of each change made through the API or the portal. " +
        "Visible exactly when the customer is (404 alike otherwise). page_start and page_limit as in the search.")]
    [ProducesResponseType<IEnumerable<CustomerHistoryJson>>(StatusCodes.Status200OK)]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "customer_id is not a positive whole number, or page_start or page_limit is not a non-negative whole number.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status404NotFound, Description = "\"Customer <id> not found.\"")]
    private static async Task<IResult> HistoryAsync(
        [FromRoute(Name = "customer_id"), Description(IdDescription), RegularExpression(IdPattern)] string customerId,
        [FromQuery(Name = "page_start"), Description(PageStartDescription), RegularExpression(CountPattern)] string? pageStart,
        [FromQuery(Name = "page_limit"), Description("Optional number of entries: a non-negative whole number."), RegularExpression(CountPattern)] string? pageLimit,
        HttpRequest request, CustomerService customers, ICurrentUser currentUser, CancellationToken cancellationToken)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, InvalidId, cancellationToken);
        }

        if (PagingRefusal(request, pageStart, pageLimit, out var offset, out var limit) is { } refusal)
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, refusal, cancellationToken);
        }

        var history = await customers.GetHistoryAsync(id, offset, limit, cancellationToken);
        return history is null
            ? await RefuseAsync(currentUser, StatusCodes.Status404NotFound, NotFoundMessage(id), cancellationToken)
            : TypedResults.Ok(history.Items.Select(CustomerHistoryJson.From));
    }

    [EndpointSummary("The search of GET /api/customer as a CSV file.")]
    [EndpointDescription(
        "The same rows, order and access as GET /api/customer, streamed as text/csv (RFC 4180, UTF-8) with the header " +
        "id,name,customer_sns,customer_reference and Content-Disposition attachment; filename=\"customers.csv\". A cell that " +
        "starts with =, +, -, @, tab or CR is prefixed with ' so that a spreadsheet does not run it as a formula.")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, "application/json", Description = "page_start or page_limit is not a non-negative whole number, or a parameter is given twice.")]
    private static async Task<IResult> ExportCsvAsync(
        [FromQuery(Name = "name"), Description("Optional search term, as in GET /api/customer.")] string? name,
        [FromQuery(Name = "page_start"), Description(PageStartDescription), RegularExpression(CountPattern)] string? pageStart,
        [FromQuery(Name = "page_limit"), Description(PageLimitDescription), RegularExpression(CountPattern)] string? pageLimit,
        HttpContext context, CustomerService customers, ICurrentUser currentUser, ILoggerFactory loggers)
    {
        if (PagingRefusal(context.Request, pageStart, pageLimit, out var offset, out var limit) is { } refusal)
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, refusal, context.RequestAborted);
        }

        var rows = await StartAsync(customers.SearchAsync(new CustomerQuery(name, offset, limit), context.RequestAborted), context.RequestAborted);
        context.Response.ContentType = CustomerCsv.ContentType;
        context.Response.Headers.ContentDisposition = CustomerCsv.ContentDisposition;
        var count = await CustomerCsv.WriteAsync(context.Response.Body, rows, context.RequestAborted);
        loggers.CreateLogger(typeof(CustomerApi)).LogDebug("Customer CSV export streamed {Rows} rows", count);
        return TypedResults.Empty;
    }

    [EndpointSummary("Change a customer's reference and description.")]
    [EndpointDescription(
        "Body: a JSON object with customer_reference and description, each a string or null; a missing key stores NULL, " +
        "unknown keys are ignored. Store refusals are HTTP 200 with success 0 and a message, as in the original. " +
        "With If-Match (the ETag of a GET) the change is stored only if the customer is unchanged since; without it, or with *, always. " +
        "A stored change answers with the new ETag.")]
    [ProducesResponseType<StoreSuccess>(StatusCodes.Status200OK, Description =
        "Either stored (success 1; modified 1, or 0 when no customer has that id and the user sees every customer) or refused " +
        "(success 0, nothing changed, message says why: too long, control characters, not a string or null, reference used by " +
        "another customer, or \"You may not change customer <id>.\" for a customer the user may not see or change, and for a " +
        "missing id when the user does not see every customer). Test success, not only the status.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "customer_id is not a positive whole number, or the body is empty, not JSON or not an object.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status412PreconditionFailed, Description =
        "If-Match does not name the customer's current ETag (or is weak, a list or malformed): \"Customer <id> was changed by someone else since you read it.\" Nothing changed.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status413PayloadTooLarge, Description = "The body is larger than 64 KiB.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status415UnsupportedMediaType, Description = "Content-Type is not application/json.")]
    private static async Task<IResult> PutAsync(
        [FromRoute(Name = "customer_id"), Description(IdDescription), RegularExpression(IdPattern)] string customerId,
        HttpRequest request, CustomerService customers, ICurrentUser currentUser, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, InvalidId, cancellationToken);
        }

        var read = await CustomerUpdateReader.ReadAsync(request, cancellationToken);
        if (read.Value is null)
        {
            return await RefuseAsync(currentUser, read.Status, read.Message!, cancellationToken);
        }

        var logger = loggers.CreateLogger(typeof(CustomerApi));
        var user = await currentUser.GetUserAsync(cancellationToken);
        var expected = EntityTags.ExpectedVersion(request.Headers.IfMatch);
        var result = await customers.UpdateAsync(id, read.Value, ChangeChannel.Api, expected, cancellationToken);
        switch (result)
        {
            case UpdateResult.Updated updated:
                logger.LogInformation("User {Username} updated customer {CustomerId} ({Modified} row)", user?.Username, id, updated.Modified);
                if (updated.Version is { } version)
                {
                    request.HttpContext.Response.Headers.ETag = EntityTags.Format(version);
                }

                return TypedResults.Ok(StoreSuccess.For(user!, updated.Modified));
            case UpdateResult.Conflict conflict:
                logger.LogInformation("Update of customer {CustomerId} by {Username} refused: changed since read", id, user?.Username);
                return TypedResults.Json(Refusal.For(user, conflict.Message), statusCode: StatusCodes.Status412PreconditionFailed);
            case UpdateResult.Refused refused:
                logger.LogInformation("Update of customer {CustomerId} by {Username} refused", id, user?.Username);
                return TypedResults.Ok(Refusal.For(user, refused.Message));
            default:
                throw new InvalidOperationException($"Unknown update result {result.GetType().Name}.");
        }
    }

    [EndpointSummary("Create a customer.")]
    [EndpointDescription(
        "Body: a JSON object with name (required; trimmed, at most 50 characters, no control characters, unique among all " +
        "customers whatever the case), customer_reference and description (as PUT), and parent_id (a customer id as a string " +
        "or a number; null or absent: at the top for a user who sees every customer, below the user's own customer for an " +
        "ACS user). Needs an admin write group; an ACS user only creates below customers they may change. Store refusals " +
        "are HTTP 200 with success 0 and a message, as for PUT. A created customer answers with its id and its path in Location.")]
    [ProducesResponseType<CreateSuccess>(StatusCodes.Status200OK, Description =
        "Either created (success 1, modified 1, id the new customer's id) or refused (success 0, nothing created, message " +
        "says why: name required, too long, control characters, a name or reference already in use, a value of the wrong " +
        "type, \"You may not create customers.\" or \"You may not create a customer below customer <id>.\"). Test success, not only the status.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "The body is empty, not JSON or not an object.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status413PayloadTooLarge, Description = "The body is larger than 64 KiB.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status415UnsupportedMediaType, Description = "Content-Type is not application/json.")]
    private static async Task<IResult> PostAsync(
        HttpRequest request, CustomerService customers, ICurrentUser currentUser, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var read = await CustomerCreateReader.ReadAsync(request, cancellationToken);
        if (read.Value is null)
        {
            return await RefuseAsync(currentUser, read.Status, read.Message!, cancellationToken);
        }

        var logger = loggers.CreateLogger(typeof(CustomerApi));
        var user = await currentUser.GetUserAsync(cancellationToken);
        switch (await customers.CreateAsync(read.Value, ChangeChannel.Api, cancellationToken))
        {
            case CreateResult.Created created:
                logger.LogInformation("User {Username} created customer {CustomerId}", user?.Username, created.Id);
                var path = request.PathBase + ApiPaths.BaseOf(request.Path) + "/api/customer/" + created.Id.ToString(CultureInfo.InvariantCulture);
                request.HttpContext.Response.Headers.Location = path;
                request.HttpContext.Response.Headers.ETag = EntityTags.Format(created.Version);
                return TypedResults.Ok(CreateSuccess.For(user!, created.Id));
            case CreateResult.Refused refused:
                logger.LogInformation("Create of a customer by {Username} refused", user?.Username);
                return TypedResults.Ok(Refusal.For(user, refused.Message));
            case var result:
                throw new InvalidOperationException($"Unknown create result {result.GetType().Name}.");
        }
    }

    [EndpointSummary("Delete a customer.")]
    [EndpointDescription(
        "Deletes a customer with no service numbers and no customers below it. Needs an admin write group; an ACS user " +
        "deletes only customers below their own. With If-Match (the ETag of a GET) only if the customer is unchanged since. " +
        "Store refusals are HTTP 200 with success 0 and a message, as for PUT. The customer's history stays readable by " +
        "users who see every customer.")]
    [ProducesResponseType<StoreSuccess>(StatusCodes.Status200OK, Description =
        "Either deleted (success 1; modified 1, or 0 when no customer has that id and the user sees every customer) or " +
        "refused (success 0, nothing deleted: \"You may not delete customer <id>.\" for a customer the user may not change, " +
        "their own, or a missing id when the user does not see every customer; \"Customer <id> still has service numbers.\"; " +
        "\"Customer <id> still has customers below it.\"; \"Customer <id> is still used elsewhere in OCNCC (<constraint>).\"). Test success, not only the status.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status400BadRequest, Description = "customer_id is not a positive whole number.")]
    [ProducesResponseType<Refusal>(StatusCodes.Status412PreconditionFailed, Description =
        "If-Match does not name the customer's current ETag: \"Customer <id> was changed by someone else since you read it.\" Nothing deleted.")]
    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "customer_id"), Description(IdDescription), RegularExpression(IdPattern)] string customerId,
        HttpRequest request, CustomerService customers, ICurrentUser currentUser, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!TryParseId(customerId, out var id))
        {
            return await RefuseAsync(currentUser, StatusCodes.Status400BadRequest, InvalidId, cancellationToken);
        }

        var logger = loggers.CreateLogger(typeof(CustomerApi));
        var user = await currentUser.GetUserAsync(cancellationToken);
        var expected = EntityTags.ExpectedVersion(request.Headers.IfMatch);
        switch (await customers.DeleteAsync(id, ChangeChannel.Api, expected, cancellationToken))
        {
            case DeleteResult.Deleted deleted:
                logger.LogInformation("User {Username} deleted customer {CustomerId} ({Modified} row)", user?.Username, id, deleted.Modified);
                return TypedResults.Ok(StoreSuccess.For(user!, deleted.Modified));
            case DeleteResult.Conflict conflict:
                logger.LogInformation("Delete of customer {CustomerId} by {Username} refused: changed since read", id, user?.Username);
                return TypedResults.Json(Refusal.For(user, conflict.Message), statusCode: StatusCodes.Status412PreconditionFailed);
            case DeleteResult.Refused refused:
                logger.LogInformation("Delete of customer {CustomerId} by {Username} refused", id, user?.Username);
                return TypedResults.Ok(Refusal.For(user, refused.Message));
            case var result:
                throw new InvalidOperationException($"Unknown delete result {result.GetType().Name}.");
        }
    }

    /// <summary>A positive whole number that fits a 64-bit integer: digits only, no sign, no spaces.</summary>
    internal static bool TryParseId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>Absent is fine (null); present must be a non-negative whole number that fits a 64-bit integer.</summary>
    internal static bool TryParseCount(string? text, out long? value)
    {
        value = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return text is null || value is not null;
    }

    /// <summary>The refusal message for a bad query (a parameter given twice, a bad page_start or page_limit), else null and the page.</summary>
    private static string? PagingRefusal(HttpRequest request, string? pageStart, string? pageLimit, out long offset, out long? limit)
    {
        offset = 0;
        limit = null;
        if (SearchParameterNames.Any(n => request.Query[n].Count > 1))
        {
            return RepeatedParameter;
        }

        if (!TryParseCount(pageStart, out var start))
        {
            return NotNonNegative("page_start");
        }

        if (!TryParseCount(pageLimit, out limit))
        {
            return NotNonNegative("page_limit");
        }

        offset = start ?? 0;
        return null;
    }

    /// <summary>
    /// Fetches the first row here, so that a database failure is still an ordinary 503 before any byte is written; the
    /// rows it returns start with that one.
    /// </summary>
    private static async Task<IAsyncEnumerable<T>> StartAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        try
        {
            return Replay(enumerator, await enumerator.MoveNextAsync());
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

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

    private static async Task<IResult> RefuseAsync(ICurrentUser currentUser, int statusCode, string message, CancellationToken cancellationToken)
    {
        var user = await currentUser.GetUserAsync(cancellationToken);
        return TypedResults.Json(Refusal.For(user, message), statusCode: statusCode);
    }

    private static async IAsyncEnumerable<CustomerSummaryJson> StreamRows(
        IAsyncEnumerable<CustomerSummary> rows, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await foreach (var row in rows)
            {
                count++;
                yield return CustomerSummaryJson.From(row);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            logger.LogDebug("Customer search streamed {Rows} rows (cancelled: {Cancelled})", count, cancellationToken.IsCancellationRequested);
        }
    }
}
