using Bunit;
using Jarvis.Portal.Components.Pages.Customers;

namespace Jarvis.Portal.Tests.Components;

/// <summary>The customers page's Export CSV button: a download link to the API's CSV of the current search.</summary>
public sealed class CustomerExportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("/customers?q=rapi", "api/customer.csv?name=rapi")]
    [InlineData("/customers?q=0800%20555-132", "api/customer.csv?name=0800%20555-132")]
    [InlineData("/customers?q=100%25%20%26%20more", "api/customer.csv?name=100%25%20%26%20more")]
    [InlineData("/customers", "api/customer.csv")]
    public async Task ExportCsv_LinksToTheCsvOfTheCurrentSearchAsADownload(string address, string href)
    {
        await using var host = await PortalTestHost.CreateAsync("su");
        host.NavigateTo(address);

        var page = host.Context.Render<CustomerList>();

        page.WaitForAssertion(() => Assert.Equal(href, page.Find("a.jarvis-export-csv").GetAttribute("href")), Wait);
        Assert.Equal("customers.csv", page.Find("a.jarvis-export-csv").GetAttribute("download"));
        Assert.Equal("Export CSV", page.Find("a.jarvis-export-csv").TextContent.Trim());
    }
}
