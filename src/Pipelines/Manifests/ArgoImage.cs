namespace Pipelines.Manifests;

/// <summary>One image an Argo CD Application's Image Updater annotations list (<c>[alias=]image[:constraint]</c>), with the options
/// its <c>&lt;alias&gt;.*</c> annotations give.</summary>
internal sealed record ArgoImage(string Alias, string Name, string? Constraint, string Strategy, string? AllowTags, string? IgnoreTags,
    string? HelmSpec, string HelmName, string HelmTag, string? KustomizeName)
{
    /// <summary>The image's options as a tag filter: the strategy's order, the constraint, <c>allow-tags</c> and <c>ignore-tags</c>.</summary>
    public string TagFilter
    {
        get
        {
            var regex = AllowTags is { } allow && allow.StartsWith("regexp:", StringComparison.Ordinal) ? allow["regexp:".Length..] : null;
            var filter = Strategy switch
            {
                // Masterminds joins two constraints with a comma; npm ranges with a space.
                "semver" => "semver:" + (Constraint?.Replace(",", " ") ?? "*") + (regex is null ? "" : " regex:" + regex),
                "alphabetical" or "name" => "alphabetical:asc" + (regex is null ? "" : " regex:" + regex),
                "digest" => "digest:" + (Constraint ?? "latest"),
                _ => regex is null ? "glob:*" : "regex:" + regex,
            };
            return IgnoreTags is { Length: > 0 } ignore ? $"{filter} ignore:{ignore}" : filter;
        }
    }
}
