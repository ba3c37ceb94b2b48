using System.Text.Json;
using Microsoft.Playwright;

namespace Jarvis.E2E.Infrastructure;

/// <summary>
/// The customer API as a script sees it, over Playwright's HTTP client: either a browser context's own
/// (<see cref="ForBrowser"/>, sharing its cookies) or a separate one that logs in by itself.
/// </summary>
public sealed class JarvisApi(IAPIRequestContext request, bool ownsRequest = true) : IAsyncDisposable
{
    /// <summary>The API with the browser's session cookie (<c>context.APIRequest</c>).</summary>
    public static JarvisApi ForBrowser(BrowserSession browser) => new(browser.Context.APIRequest, ownsRequest: false);

    /// <summary>POST /__login with the demo password; asserts that it succeeded.</summary>
    public async Task LogInAsync(string username)
    {
        var form = request.CreateFormData().Set("username", username).Set("password", $"{username}-demo");
        var response = await request.PostAsync("/__login", new() { Form = form });
        using var status = await ReadJsonAsync(response);
        Assert.Equal(1, status.RootElement.GetProperty("logged_in").GetInt32());
        Assert.Equal(username, status.RootElement.GetProperty("username").GetString());
    }

    /// <summary>GET /api/customer[?name=TERM]: the customers' names in the API's order; asserts 200.</summary>
    public async Task<IReadOnlyList<string>> SearchCustomersAsync(string? term = null) =>
        [.. (await SearchCustomerRowsAsync(term)).Select(c => c.GetProperty("name").GetString()!)];

    /// <summary>GET /api/customer[?name=TERM]: the customers' JSON objects in the API's order; asserts 200.</summary>
    public async Task<IReadOnlyList<JsonElement>> SearchCustomerRowsAsync(string? term = null)
    {
        var response = await request.GetAsync(term is null ? "/api/customer" : $"/api/customer?name={Uri.EscapeDataString(term)}");
        Assert.True(response.Status == 200, $"GET /api/customer answered {response.Status}: {await response.TextAsync()}");
        using var json = await ReadJsonAsync(response);
        return [.. json.RootElement.EnumerateArray().Select(c => c.Clone())];
    }

    /// <summary>GET /api/customer/{id}: the customer's JSON object; asserts 200.</summary>
    public async Task<JsonElement> GetCustomerAsync(long id)
    {
        var response = await request.GetAsync($"/api/customer/{id}");
        Assert.True(response.Status == 200, $"GET /api/customer/{id} answered {response.Status}: {await response.TextAsync()}");
        using var json = await ReadJsonAsync(response);
        return json.RootElement.Clone();
    }

    /// <summary>GET /api/customer/{id}/history: its entries, newest first; asserts 200.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetHistoryAsync(long id)
    {
        var response = await request.GetAsync($"/api/customer/{id}/history");
        Assert.True(response.Status == 200, $"GET /api/customer/{id}/history answered {response.Status}: {await response.TextAsync()}");
        using var json = await ReadJsonAsync(response);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>PUT /api/customer/{id} as JSON; the store envelope (success or refusal).</summary>
    public async Task<JsonElement> PutCustomerAsync(long id, string? reference, string? description)
    {
        var response = await request.PutAsync($"/api/customer/{id}", new()
        {
            DataString = JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                ["customer_reference"] = reference,
                ["description"] = description,
            }),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json;charset=utf-8" },
        });
        Assert.True(response.Status == 200, $"PUT /api/customer/{id} answered {response.Status}: {await response.TextAsync()}");
        using var json = await ReadJsonAsync(response);
        return json.RootElement.Clone();
    }

    /// <summary>POST /api/customer as JSON (API.md section 9); asserts that it was created and returns the new id.</summary>
    public async Task<long> CreateCustomerAsync(string name, long? parentId)
    {
        var response = await request.PostAsync("/api/customer", new()
        {
            DataString = JsonSerializer.Serialize(new Dictionary<string, object?> { ["name"] = name, ["parent_id"] = parentId }),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json;charset=utf-8" },
        });
        var text = await response.TextAsync();
        Assert.True(response.Status == 200, $"POST /api/customer answered {response.Status}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.GetProperty("success").GetInt32() == 1, $"POST /api/customer refused: {text}");
        return long.Parse(json.RootElement.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsRequest)
        {
            await request.DisposeAsync();
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(IAPIResponse response) =>
        JsonDocument.Parse(await response.TextAsync());
}
