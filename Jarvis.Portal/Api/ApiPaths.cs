namespace Jarvis.Portal.Api;

/// <summary>Every endpoint answers under <c>/</c> and under the original's prefix (API.md section 1).</summary>
public static class ApiPaths
{
    public const string LegacyBase = "/jarvis-agent/n2fe";

    public static readonly string[] Bases = ["", LegacyBase];

    /// <summary>The path as it would be under <c>/</c>: the legacy prefix, if present, taken off.</summary>
    public static PathString WithoutLegacyBase(PathString path) =>
        path.StartsWithSegments(LegacyBase, out var rest) ? rest : path;
}
