using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jarvis.Portal.Api;
using Json.Schema;

namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document as a judge of answers: it finds the operation for a request (path template and method,
/// under both bases), and says what about an answer the document does not describe: its status, its content type, its
/// body (validated by JsonSchema.Net against the operation's schema) or a required header. A path no operation serves
/// must get the document's <c>NoSuchEndpoint</c> answer (404), a method a path does not serve its <c>MethodNotAllowed</c> (405).
/// </summary>
public sealed class ApiDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonObject _document;
    private readonly JsonObject _schemas;
    private readonly List<(Regex Pattern, string Template, int Literals)> _paths;
    private readonly Dictionary<string, JsonSchema> _built = [];
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };

    public ApiDocument(string json)
    {
        Text = json;
        _document = JsonNode.Parse(json)!.AsObject();
        _schemas = _document["components"]?["schemas"]?.AsObject() ?? [];
        _paths = _document["paths"]!.AsObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^/]+?}", "[^/]+") + "$"), p.Key, p.Key.Count(c => c != '{')))
            .ToList();
    }

    public string Text { get; }

    public JsonObject Root => _document;

    /// <summary>Every operation of the document as "METHOD /path".</summary>
    public IEnumerable<string> Operations =>
        _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"));

    /// <summary>The statuses the document lists for an operation ("METHOD /path").</summary>
    public IEnumerable<int> StatusesOf(string operation)
    {
        var (method, path) = Split(operation);
        return _document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Which operation (or unmatched answer) the request belongs to, and what in the answer the document does not describe.</summary>
    public Verdict Judge(RecordedAnswer answer)
    {
        var path = answer.Uri.AbsolutePath;
        var template = _paths.Where(p => p.Pattern.IsMatch(path)).OrderByDescending(p => p.Literals).Select(p => p.Template).FirstOrDefault();
        var method = answer.Method.ToLowerInvariant();
        if (template is null)
        {
            return ApiPaths.IsApiPath(path)
                ? Check(answer, "(no such path)", _document["components"]?["responses"]?["NoSuchEndpoint"], 404)
                : Verdict.NotApi;
        }

        var operation = _document["paths"]![template]![method];
        if (operation is null)
        {
            return Check(answer, $"(no {answer.Method} on {template})", _document["components"]?["responses"]?["MethodNotAllowed"], 405);
        }

        var key = $"{answer.Method} {template}";
        var response = operation["responses"]?[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        return response is null
            ? new Verdict(key, answer.Status, [$"status {answer.Status} is not listed (listed: {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})"])
            : Check(answer, key, response, answer.Status);
    }

    /// <summary>Problems of <paramref name="instance"/> against <paramref name="schema"/> (a schema of the document); none when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, JsonElement instance)
    {
        var text = schema.ToJsonString();
        if (!_built.TryGetValue(text, out var built))
        {
            // The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1): the component references become $defs.
            var standalone = JsonNode.Parse(text.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
            standalone["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            standalone["$defs"] = JsonNode.Parse(_schemas.ToJsonString());
            built = JsonSchema.FromText(standalone.ToJsonString(), _build, new Uri($"https://jarvis.test/schema/{_built.Count}"));
            _built[text] = built;
        }

        var result = built.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                .DefaultIfEmpty("the body does not match the schema")
                .ToList();
    }

    private Verdict Check(RecordedAnswer answer, string key, JsonNode? response, int expectedStatus)
    {
        var problems = new List<string>();
        if (response is null || answer.Status != expectedStatus)
        {
            problems.Add($"the document describes no {answer.Status} answer here");
            return new Verdict(key, answer.Status, problems);
        }

        foreach (var header in response["headers"]?.AsObject() ?? [])
        {
            if (header.Value?["required"]?.GetValue<bool>() == true && !answer.Headers.ContainsKey(header.Key))
            {
                problems.Add($"required header {header.Key} is missing");
            }
        }

        var content = response["content"]?.AsObject();
        var body = answer.Body;
        if (answer.Complete && body.Length == 0)
        {
            if (content is { Count: > 0 })
            {
                problems.Add("the answer has no body, but the document describes one");
            }

            return new Verdict(key, answer.Status, problems);
        }

        var mediaType = answer.ContentType is null ? null : MediaTypeHeaderValue.Parse(answer.ContentType).MediaType;
        var described = content?.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase)).Value;
        if (described is null)
        {
            problems.Add($"content type {answer.ContentType ?? "(none)"} is not listed (listed: {string.Join(", ", content?.Select(c => c.Key) ?? [])})");
            return new Verdict(key, answer.Status, problems);
        }

        if (answer.Complete && described["schema"] is { } schema && mediaType!.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                problems.Add($"the body is not JSON: {e.Message} ({Encoding.UTF8.GetString(body)})");
                return new Verdict(key, answer.Status, problems);
            }

            using (json)
            {
                problems.AddRange(Validate(schema, json.RootElement).Select(p => $"{p} in {Encoding.UTF8.GetString(body)}"));
            }
        }

        return new Verdict(key, answer.Status, problems, BodyChecked: answer.Complete);
    }

    private static (string Method, string Path) Split(string operation)
    {
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        return (operation[..space].ToLowerInvariant(), operation[(space + 1)..]);
    }
}
