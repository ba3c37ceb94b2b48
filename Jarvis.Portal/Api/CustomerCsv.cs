using System.Globalization;
using CsvHelper;
using Jarvis.Core.Customers;

namespace Jarvis.Portal.Api;

/// <summary>
/// Writes <c>GET /api/customer.csv</c> (API.md section 7) with CsvHelper: RFC 4180, CRLF, UTF-8 without a byte order
/// mark, and a cell that starts with <c>= + - @</c>, tab or CR prefixed with <c>'</c> (and so quoted) so that a
/// spreadsheet shows it as text instead of running it. Rows are written as they come: memory does not grow with them.
/// </summary>
public static class CustomerCsv
{
    public const string ContentType = "text/csv; charset=utf-8";
    public const string ContentDisposition = "attachment; filename=\"customers.csv\"";

    private static readonly string[] Header = ["id", "name", "customer_sns", "customer_reference"];

    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static async Task<long> WriteAsync(Stream body, IAsyncEnumerable<CustomerSummary> rows, CancellationToken cancellationToken)
    {
        var count = 0L;
        await using var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Header, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(
                [row.Id.ToString(CultureInfo.InvariantCulture), row.Name, row.ServiceNumbers, row.Reference ?? ""], cancellationToken);
            count++;
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }
}
