using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jarvis.Portal.Tests.Api;
using Xunit.Abstractions;

namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>
/// The document at /openapi/v1.json describes every answer the API test suite received: each answer recorded by
/// <see cref="AnswerRecorder"/> in this test run must match an operation (or the document's answer for an unknown path
/// or method), with a listed status, a listed content type and a body valid against the schema.
/// </summary>
[Collection(ServedDocumentCollection.Name)]
public sealed class ServedDocumentTests(SharedPortal portal, ITestOutputHelper output) : IClassFixture<SharedPortal>
{
    /// <summary>test.sh lints the served document with Redocly: this test writes it where that variable says.</summary>
    public const string ExportVariable = "JARVIS_OPENAPI_EXPORT";

    private async Task<ApiDocument> ServedAsync()
    {
        using var response = await portal.Client.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new ApiDocument(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryAnswerOfTheApiTests_IsDescribedByTheServedDocument()
    {
        var document = await ServedAsync();
        if (Environment.GetEnvironmentVariable(ExportVariable) is { Length: > 0 } export)
        {
            await File.WriteAllTextAsync(export, document.Text);
        }

        var answers = AnswerRecorder.All.ToList();
        var verdicts = answers.Select(a => (Answer: a, Verdict: document.Judge(a))).Where(v => v.Verdict != Verdict.NotApi).ToList();
        var failures = verdicts.Where(v => v.Verdict.Problems.Count > 0)
            .Select(v => $"{v.Answer}: {string.Join("; ", v.Verdict.Problems)}")
            .Distinct()
            .ToList();

        var seen = verdicts.Select(v => (v.Verdict.Operation!, v.Verdict.Status)).ToHashSet();
        var operations = seen.Select(s => s.Item1).Where(o => !o.StartsWith('(')).ToHashSet();
        output.WriteLine(
            $"Checked {verdicts.Count} API answers ({verdicts.Count(v => v.Verdict.BodyChecked)} with their whole body) across " +
            $"{operations.Count} of the document's {document.Operations.Count()} operations and {seen.Select(s => s.Status).Distinct().Count()} " +
            $"status codes ({string.Join(", ", seen.Select(s => s.Status).Distinct().Order())}); {seen.Count} operation/status pairs; " +
            $"{answers.Count - verdicts.Count} other answers (pages, the document itself) were not API answers.");
        var unexercised = document.Operations
            .SelectMany(o => document.StatusesOf(o).Select(s => (o, s)))
            .Where(pair => !seen.Contains(pair))
            .Select(pair => $"{pair.o} {pair.s}")
            .ToList();
        output.WriteLine($"Described but not produced by any test ({unexercised.Count}): {string.Join("; ", unexercised)}");

        // Run alone (a filter), this test has nothing to judge; in the whole project it must have seen the API tests.
        Assert.True(verdicts.Count > 0, "No API answer was recorded: run this test with the rest of Jarvis.Portal.Tests.");
        Assert.True(failures.Count == 0, $"{failures.Count} answers the document does not describe:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task EveryExample_IsValidAgainstItsSchema()
    {
        var document = await ServedAsync();
        var problems = new List<string>();
        var count = 0;
        foreach (var (path, item) in document.Root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var media = (operation!["responses"]?.AsObject() ?? []).Select(r => ($"{r.Key}", r.Value!["content"]))
                    .Append(("request", operation["requestBody"]?["content"]));
                foreach (var (where, content) in media)
                {
                    foreach (var (type, description) in content?.AsObject() ?? [])
                    {
                        foreach (var (name, example) in description!["examples"]?.AsObject() ?? [])
                        {
                            count++;
                            using var value = JsonDocument.Parse(example!["value"]!.ToJsonString());
                            problems.AddRange(document.Validate(description["schema"]!, value.RootElement)
                                .Select(p => $"{method.ToUpperInvariant()} {path} {where} {type} example {name}: {p}"));
                        }
                    }
                }
            }
        }

        output.WriteLine($"Checked {count} examples.");
        Assert.True(count > 0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("GET", "/api/customer/3134", 418, "application/json", """{"id":"3134","name":"Rapidity Inc","customer_reference":"430184/A","description":null}""", "status 418 is not listed")]
    [InlineData("GET", "/api/customer/3134", 200, "application/json", """{"id":3134,"name":"Rapidity Inc","customer_reference":"430184/A","description":null}""", "/id")]
    [InlineData("GET", "/jarvis-agent/n2fe/api/customer/3134", 200, "text/html", "<p>3134</p>", "content type text/html")]
    [InlineData("PUT", "/api/customer/3134", 200, "application/json", """{"username":"su","success":1,"error_string":"","group_list":"","logged_in":1}""", "/")]
    [InlineData("GET", "/__status", 200, "application/json", """{"logged_in":0,"username":"","error_string":"Login required.","group_list":"","sid":null}""", "/")]
    [InlineData("POST", "/__login", 200, "application/json", """{"logged_in":"1","username":"su","error_string":"","group_list":"ACS_BOSS"}""", "/logged_in")]
    [InlineData("GET", "/api/nothing", 200, "application/json", "[]", "describes no 200 answer")]
    [InlineData("PATCH", "/api/customer/3134", 404, "application/json", """{"message":"x","success":0,"group_list":"","logged_in":"0","error_string":"","username":""}""", "describes no 404 answer")]
    public async Task Judge_AnAnswerTheDocumentDoesNotDescribe_SaysWhy(string method, string path, int status, string contentType, string body, string expected)
    {
        var document = await ServedAsync();
        var answer = new RecordedAnswer(method, new Uri("http://localhost" + path), (HttpStatusCode)status, contentType + "; charset=utf-8", new Dictionary<string, string[]>());
        answer.Append(System.Text.Encoding.UTF8.GetBytes(body));
        answer.End();

        var verdict = document.Judge(answer);

        Assert.Contains(verdict.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Judge_TheReadmeAnswer_IsDescribed()
    {
        var document = await ServedAsync();
        var answer = new RecordedAnswer("PUT", new Uri("http://localhost/jarvis-agent/n2fe/api/customer/1551"), HttpStatusCode.OK, "application/json; charset=utf-8", new Dictionary<string, string[]>());
        answer.Append(System.Text.Encoding.UTF8.GetBytes(
            """{"message":"Customer reference \u0027430184/B\u0027 is already in use by another customer","success":0,"group_list":"ACS_BOSS,CCS Superuser","logged_in":"1","error_string":"","username":"su"}"""));
        answer.End();

        var verdict = document.Judge(answer);

        Assert.Equal("PUT /jarvis-agent/n2fe/api/customer/{customer_id}", verdict.Operation);
        Assert.Empty(verdict.Problems);
    }
}
