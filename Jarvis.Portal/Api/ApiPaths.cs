namespace Jarvis.Portal.Api;

/// <summary>Every endpoint answers under <c>/</c> and under the original's prefix (API.md section 1).</summary>
public static class ApiPaths
{
    public const string LegacyBase = "/jarvis-agent/n2fe";

    public static readonly string[] Bases = ["", LegacyBase];

    public static PathString WithoutLegacyBase(PathString path) =>
        path.StartsWithSegments(LegacyBase, out var rest) ? rest : path;

    /// <summary>The base a request came in under: the legacy prefix or "" (paths built for the answer keep it).</summary>
    public static string BaseOf(PathString path) => path.StartsWithSegments(LegacyBase) ? LegacyBase : "";

    /// <summary>API and session endpoints answer in JSON; everything else is a page.</summary>
    public static bool IsApiPath(PathString path) => WithoutLegacyBase(path).StartsWithSegments("/api") || IsSessionPath(path);

    /// <summary><c>__login</c>, <c>__status</c> and <c>__logout</c>, whose answers are status objects.</summary>
    public static bool IsSessionPath(PathString path)
    {
        path = WithoutLegacyBase(path);
        return path.StartsWithSegments("/__login") || path.StartsWithSegments("/__status") || path.StartsWithSegments("/__logout");
    }
}
