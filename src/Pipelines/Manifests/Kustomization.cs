using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// A kustomization file, read for what decides the images and names of what it renders: its resources (files and folders by
/// path), <c>images:</c> entries, <c>namespace</c>, <c>namePrefix</c> and <c>nameSuffix</c>. Everything else it may hold
/// (patches, generators, labels, components, Helm charts…) is named in <see cref="Unread"/>: Pipelines does not render it,
/// which is why it does not apply a kustomize environment itself.
/// </summary>
internal sealed record Kustomization(
    string File,
    IReadOnlyList<KustomizationResource> Resources,
    IReadOnlyList<KustomizeImage> Images,
    string? Namespace,
    string? NamePrefix,
    string? NameSuffix,
    IReadOnlyList<string> Unread)
{
    /// <summary>The fields Pipelines reads; any other is named in <see cref="Unread"/>.</summary>
    public static readonly IReadOnlyList<string> Understood = ["apiVersion", "kind", "metadata", "resources", "bases", "images", "namespace", "namePrefix", "nameSuffix"];

    public string Folder => RepoFiles.FolderOf(File);

    public static Kustomization Read(string file, string text)
    {
        var root = YamlDocuments.Parse(text, file).FirstOrDefault();
        if (root is null) return new Kustomization(file, [], [], null, null, null, []);
        if (root is not YamlMapping mapping) throw new ManifestException(file, root.Line, root.Column, "a kustomization must be a mapping (resources:, images:, …).");
        var resources = new List<KustomizationResource>();
        foreach (var key in new[] { "resources", "bases" })
        {
            switch (mapping[key])
            {
                case YamlSequence list:
                    foreach (var item in list.Items)
                    {
                        if (item is YamlScalar { IsNull: false } path) resources.Add(new KustomizationResource(path.Value, path.Line));
                        else throw new ManifestException(file, item.Line, item.Column, $"each {key}: entry must be a path or URL.");
                    }
                    break;
                case null or YamlScalar { IsNull: true }:
                    break;
                case var other:
                    throw new ManifestException(file, other.Line, other.Column, $"{key}: must be a list of paths, e.g. {key}: [../base].");
            }
        }
        return new Kustomization(file, resources, Entries(file, mapping), Text(mapping, "namespace"), Text(mapping, "namePrefix"), Text(mapping, "nameSuffix"),
            mapping.Entries.Select(e => e.Key?.Value).OfType<string>().Where(k => !Understood.Contains(k)).ToList());
    }

    private static List<KustomizeImage> Entries(string file, YamlMapping root)
    {
        var images = new List<KustomizeImage>();
        switch (root["images"])
        {
            case YamlSequence list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is not YamlMapping item || item["name"] is not YamlScalar { IsNull: false } name)
                    {
                        throw new ManifestException(file, list.Items[i].Line, list.Items[i].Column, "each images: entry needs a name: (the image name it changes), e.g. - name: nginx");
                    }
                    images.Add(new KustomizeImage(file, i, name.Value, Text(item, "newName"), Text(item, "newTag"), Text(item, "digest"), item.Line));
                }
                break;
            case null or YamlScalar { IsNull: true }:
                break;
            case var other:
                throw new ManifestException(file, other.Line, other.Column, "images: must be a list of entries such as - {name: nginx, newTag: 1.25.3}.");
        }
        return images;
    }

    private static string? Text(YamlMapping mapping, string key) => mapping[key] is YamlScalar { IsNull: false } s ? s.Value : null;

    /// <summary>A resource that is fetched from elsewhere (<c>github.com/…</c>, <c>https://…</c>, <c>git@…</c>): not in this repository.</summary>
    public static bool IsRemote(string resource) =>
        resource.Contains("://", StringComparison.Ordinal) || resource.StartsWith("git@", StringComparison.Ordinal) || resource.Contains("?ref=", StringComparison.Ordinal)
        || resource.StartsWith("github.com/", StringComparison.Ordinal) || resource.StartsWith("gitlab.com/", StringComparison.Ordinal);
}
