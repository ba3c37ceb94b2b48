namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>What the document says about one answer: the operation it belongs to and every way it is not described.</summary>
public sealed record Verdict(string? Operation, int Status, IReadOnlyList<string> Problems, bool BodyChecked = true)
{
    public static readonly Verdict NotApi = new(null, 0, []);
}
