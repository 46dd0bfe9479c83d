using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// A Flux <c>ImagePolicy</c> (image.toolkit.fluxcd.io) read as a tag policy: <c>policy.semver.range</c> becomes
/// <c>semver:&lt;range&gt;</c>, <c>policy.alphabetical.order</c> and <c>policy.numerical.order</c> become <c>alphabetical:</c> and
/// <c>numerical:</c>, and <c>filterTags.pattern</c>/<c>extract</c> a <c> regex: … extract: …</c> over them; with the image of the
/// <c>ImageRepository</c> it refers to, which is the repository of fields that mark only a tag.
/// </summary>
internal sealed record FluxImagePolicy(string Namespace, string Name, string TagFilter, string RepositoryNamespace, string RepositoryName, string File, int Line)
{
    /// <summary><c>flux-system:podinfo</c>, as markers name it.</summary>
    public string Key => $"{Namespace}:{Name}";

    public static bool IsImagePolicy(YamlMapping document) => Kind(document, "ImagePolicy");

    public static bool IsImageRepository(YamlMapping document) => Kind(document, "ImageRepository");

    private static bool Kind(YamlMapping document, string kind) =>
        (document["kind"] as YamlScalar)?.Value == kind && (document["apiVersion"] as YamlScalar)?.Value.StartsWith("image.toolkit.fluxcd.io/", StringComparison.Ordinal) == true;

    /// <param name="defaultNamespace">Flux's objects without a namespace are in the namespace their Kustomization applies them to.</param>
    public static FluxImagePolicy Read(YamlMapping document, string file, string defaultNamespace)
    {
        var metadata = document["metadata"] as YamlMapping;
        var name = Text(metadata, "name") ?? throw new ManifestException(file, document.Line, document.Column, "an ImagePolicy without metadata.name; give it a name.");
        var ns = Text(metadata, "namespace") ?? defaultNamespace;
        var spec = document["spec"] as YamlMapping;
        var reference = spec?["imageRepositoryRef"] as YamlMapping;
        var repository = Text(reference, "name")
            ?? throw new ManifestException(file, document.Line, document.Column, $"ImagePolicy {ns}/{name} has no spec.imageRepositoryRef.name; name the ImageRepository it chooses from.");
        var policy = spec?["policy"] as YamlMapping;
        string filter;
        if (policy?["semver"] is YamlMapping semver)
        {
            // Flux reads Masterminds constraints, where a comma joins two; npm ranges join them with a space.
            filter = "semver:" + (Text(semver, "range") ?? throw new ManifestException(file, semver.Line, semver.Column, $"ImagePolicy {ns}/{name}: policy.semver needs a range.")).Replace(",", " ");
        }
        else if (policy?["alphabetical"] is { } alphabetical)
        {
            filter = "alphabetical:" + (Text(alphabetical as YamlMapping, "order") ?? "asc");
        }
        else if (policy?["numerical"] is { } numerical)
        {
            filter = "numerical:" + (Text(numerical as YamlMapping, "order") ?? "asc");
        }
        else
        {
            throw new ManifestException(file, (policy ?? (YamlNode?)spec ?? document).Line, 0,
                $"ImagePolicy {ns}/{name} has no policy Pipelines knows; write policy.semver.range, policy.alphabetical or policy.numerical.");
        }
        if (spec?["filterTags"] is YamlMapping filterTags && Text(filterTags, "pattern") is { } pattern)
        {
            filter += " regex:" + pattern + (Text(filterTags, "extract") is { Length: > 0 } extract ? " extract:" + extract : "");
        }
        return new FluxImagePolicy(ns, name, filter, Text(reference, "namespace") ?? ns, repository, file, document.Line);
    }

    /// <summary>An ImageRepository's <c>namespace:name</c> and the image it scans (<c>spec.image</c>).</summary>
    public static (string Key, string Image)? ReadRepository(YamlMapping document, string defaultNamespace)
    {
        var metadata = document["metadata"] as YamlMapping;
        return Text(metadata, "name") is { } name && Text(document["spec"] as YamlMapping, "image") is { } image
            ? ($"{Text(metadata, "namespace") ?? defaultNamespace}:{name}", image)
            : null;
    }

    private static string? Text(YamlMapping? mapping, string key) => mapping?[key] is YamlScalar { IsNull: false } s ? s.Value : null;
}
