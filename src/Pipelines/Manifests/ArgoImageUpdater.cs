using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Argo CD Image Updater's annotations on an Application, read as aliases of the project's own policy:
/// <c>image-list</c> (<c>[alias=]image[:constraint]</c>, comma-separated), and per alias <c>update-strategy</c> (<c>semver</c>, the
/// default; <c>newest-build</c> or <c>latest</c>; <c>alphabetical</c> or <c>name</c>; <c>digest</c>, following the constraint's tag),
/// <c>allow-tags</c> (<c>regexp:…</c> or <c>any</c>), <c>ignore-tags</c> (globs), <c>helm.image-name</c>/<c>helm.image-tag</c>
/// (default <c>image.name</c>/<c>image.tag</c>), <c>helm.image-spec</c> and <c>kustomize.image-name</c>. Pure.
/// </summary>
internal static class ArgoImageUpdater
{
    public const string Prefix = "argocd-image-updater.argoproj.io/";
    private static readonly string[] Strategies = ["semver", "newest-build", "latest", "alphabetical", "name", "digest"];

    public static IReadOnlyList<ArgoImage> Read(IReadOnlyDictionary<string, string> annotations, string where, List<string> warnings)
    {
        if (!annotations.TryGetValue(Prefix + "image-list", out var list)) return [];
        var images = new List<ArgoImage>();
        foreach (var spec in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = spec.IndexOf('=');
            var alias = equals < 0 ? null : spec[..equals].Trim();
            var image = equals < 0 ? spec : spec[(equals + 1)..].Trim();
            // The constraint follows the last ':' after the last '/' (a registry's port comes before the first '/').
            var colon = image.IndexOf(':', image.LastIndexOf('/') + 1);
            var name = colon < 0 ? image : image[..colon];
            var constraint = colon < 0 ? null : image[(colon + 1)..];
            // The options' keys name the alias, or the image without one; '/' is not allowed in a key and is written '_'.
            var key = (alias ?? name).Replace('/', '_');
            string? Option(string option) => annotations.GetValueOrDefault($"{Prefix}{key}.{option}");
            var strategy = Option("update-strategy") ?? "semver";
            if (!Strategies.Contains(strategy))
            {
                warnings.Add($"{where}: {Prefix}{key}.update-strategy \"{strategy}\" is not one of {string.Join(", ", Strategies)}; semver is used, as the Image Updater does.");
                strategy = "semver";
            }
            var allow = Option("allow-tags");
            if (allow is not null && allow != "any" && !allow.StartsWith("regexp:", StringComparison.Ordinal))
            {
                warnings.Add($"{where}: {Prefix}{key}.allow-tags \"{allow}\" is neither regexp:<expression> nor any; no tag is allowed, as the Image Updater does.");
                allow = "regexp:(?!)";
            }
            images.Add(new ArgoImage(alias ?? name, name, constraint, strategy, allow, Option("ignore-tags"),
                Option("helm.image-spec"), Option("helm.image-name") ?? "image.name", Option("helm.image-tag") ?? "image.tag", Option("kustomize.image-name")));
        }
        return images;
    }

    /// <summary>A Helm parameter name (<c>dex.image.tag</c>) as a path in values.</summary>
    public static YamlPath ValuesPath(string parameter)
    {
        var segments = new List<object>();
        foreach (var part in parameter.Split('.'))
        {
            // "containers[0]" → "containers", 0
            var bracket = part.IndexOf('[');
            if (bracket > 0 && part.EndsWith(']') && int.TryParse(part[(bracket + 1)..^1], out var index))
            {
                segments.Add(part[..bracket]);
                segments.Add(index);
            }
            else
            {
                segments.Add(part);
            }
        }
        return new YamlPath(segments);
    }
}
