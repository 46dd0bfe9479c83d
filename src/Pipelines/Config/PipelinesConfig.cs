using Pipelines.Manifests;

namespace Pipelines.Config;

/// <summary>
/// <c>pipelines.yaml</c>: the environments and their policies, validated. Every mistake is reported with
/// file:line and what to write instead.
/// </summary>
public sealed class PipelinesConfig
{
    public const string FileName = "pipelines.yaml";
    private static readonly string[] EnvironmentKeys = ["path", "namespace", "automation", "tagFilter", "cluster", "promoteFrom", "images"];
    private static readonly string[] ImageKeys = ["file", "workload", "container", "image", "repository", "tag", "digest", "tagFilter", "automated"];

    private PipelinesConfig(IReadOnlyList<EnvironmentConfig> environments) => Environments = environments;

    public IReadOnlyList<EnvironmentConfig> Environments { get; }

    public EnvironmentConfig Environment(string name) =>
        Environments.FirstOrDefault(e => e.Name == name)
        ?? throw new ManifestException(FileName, 0, 0,
            $"no environment '{name}'; environments: {string.Join(", ", Environments.Select(e => e.Name))}.");

    public static PipelinesConfig Parse(string text, string file = FileName)
    {
        var root = YamlDocuments.Parse(text, file).FirstOrDefault() as YamlMapping
            ?? throw new ManifestException(file, 1, 1, "must be a mapping with an 'environments:' key, e.g. environments: { staging: { path: environments/staging } }.");
        foreach (var (key, value) in root.Entries)
        {
            if (key?.Value != "environments") throw Unknown(file, key ?? (YamlNode)value, key?.Value ?? "?", ["environments"]);
        }
        if (root["environments"] is not YamlMapping environments || environments.Entries.Count == 0)
        {
            throw new ManifestException(file, root.Line, root.Column, "'environments:' must map each environment name to its settings.");
        }

        var result = new List<EnvironmentConfig>();
        foreach (var (nameNode, value) in environments.Entries)
        {
            var name = nameNode?.Value ?? throw new ManifestException(file, value.Line, value.Column, "an environment name must be a plain string.");
            if (value is not YamlMapping settings) throw new ManifestException(file, value.Line, value.Column, $"environment '{name}' must be a mapping with at least 'path:'.");
            foreach (var (key, _) in settings.Entries)
            {
                if (key is not null && !EnvironmentKeys.Contains(key.Value)) throw Unknown(file, key, key.Value, EnvironmentKeys);
            }
            string? Text(string key) => settings[key] is YamlScalar { IsNull: false } s ? s.Value : null;
            var path = Text("path") ?? throw new ManifestException(file, nameNode.Line, nameNode.Column, $"environment '{name}' has no 'path:'; add e.g. path: environments/{name}.");
            var automationText = Text("automation") ?? "manual";
            if (!Enum.TryParse<Automation>(automationText, ignoreCase: true, out var automation))
            {
                var node = settings["automation"]!;
                throw new ManifestException(file, node.Line, node.Column, $"automation '{automationText}' is not valid; write automatic or manual.");
            }
            string? context = null, kubeconfig = null;
            if (settings["cluster"] is YamlMapping cluster)
            {
                foreach (var (key, _) in cluster.Entries)
                {
                    if (key is not null && key.Value is not ("context" or "kubeconfig")) throw Unknown(file, key, key.Value, ["context", "kubeconfig"]);
                }
                context = (cluster["context"] as YamlScalar)?.Value;
                kubeconfig = (cluster["kubeconfig"] as YamlScalar)?.Value;
            }
            else if (settings["cluster"] is { } other && !(other is YamlScalar { IsNull: true }))
            {
                throw new ManifestException(file, other.Line, other.Column,
                    $"cluster of environment '{name}' must be a mapping such as cluster: {{ context: {name} }} or cluster: {{ kubeconfig: path }}.");
            }
            result.Add(new EnvironmentConfig(name, path.Trim('/'), Text("namespace") ?? "default", automation, Text("tagFilter") ?? "glob:*",
                context, kubeconfig, Text("promoteFrom"), nameNode.Line) { Images = Images(file, name, settings["images"]) });
        }

        foreach (var environment in result.Where(e => e.PromoteFrom is not null))
        {
            if (result.All(e => e.Name != environment.PromoteFrom))
            {
                throw new ManifestException(file, environment.Line, 0,
                    $"environment '{environment.Name}' promotes from '{environment.PromoteFrom}', which is not an environment; write one of: {string.Join(", ", result.Where(e => e != environment).Select(e => e.Name))}.");
            }
        }
        foreach (var environment in result)
        {
            var seen = new List<string> { environment.Name };
            for (var next = environment.PromoteFrom; next is not null; next = result.First(e => e.Name == next).PromoteFrom)
            {
                if (seen.Contains(next))
                {
                    throw new ManifestException(file, environment.Line, 0, $"promoteFrom forms a cycle: {string.Join(" <- ", seen.Append(next))}; one environment must promote from none.");
                }
                seen.Add(next);
            }
        }
        return new PipelinesConfig(result);
    }

    // images: [{file, workload, repository, tag, …}]: each entry says where an image's fields are, and which workload it is.
    private static IReadOnlyList<DeclaredImage> Images(string file, string environment, YamlNode? node)
    {
        if (node is null or YamlScalar { IsNull: true }) return [];
        if (node is not YamlSequence list)
        {
            throw new ManifestException(file, node.Line, node.Column, $"environment '{environment}': images: must be a list, e.g. images: [{{file: charts/shop/values.yaml, " +
                "repository: image.repository, tag: image.tag, workload: shop/front-end}].");
        }
        var images = new List<DeclaredImage>();
        foreach (var item in list.Items)
        {
            if (item is not YamlMapping entry) throw new ManifestException(file, item.Line, item.Column, "each images: entry is a mapping with file:, workload: and the paths of its fields.");
            foreach (var (key, _) in entry.Entries)
            {
                if (key is not null && !ImageKeys.Contains(key.Value)) throw Unknown(file, key, key.Value, ImageKeys);
            }
            string? Text(string key) => entry[key] is YamlScalar { IsNull: false } s ? s.Value : null;
            string Required(string key, string example) => Text(key)
                ?? throw new ManifestException(file, entry.Line, entry.Column, $"an images: entry has no '{key}:'; add e.g. {key}: {example}.");
            var declared = new DeclaredImage(Required("file", "charts/shop/values.yaml"), Required("workload", "shop/front-end"), Text("container"), Text("image"),
                Text("repository"), Text("tag"), Text("digest"), Text("tagFilter"),
                Text("automated") switch { "true" => true, "false" => false, _ => null }, entry.Line);
            if (declared.Image is null && (declared.Tag is null || declared.Repository is null))
            {
                throw new ManifestException(file, entry.Line, entry.Column, $"the images: entry for {declared.Workload} does not say where its image is; give image: (the path " +
                    "of a whole reference), or repository: and tag: (the paths of its parts, e.g. image.repository and image.tag).");
            }
            if (declared.Image is not null && (declared.Repository ?? declared.Tag ?? declared.Digest) is not null)
            {
                throw new ManifestException(file, entry.Line, entry.Column, $"the images: entry for {declared.Workload} gives image: and repository:/tag:/digest:; a whole reference or its parts, not both.");
            }
            images.Add(declared);
        }
        return images;
    }

    private static ManifestException Unknown(string file, YamlNode at, string key, IEnumerable<string> allowed) =>
        new(file, at.Line, at.Column, $"unknown key '{key}'; allowed here: {string.Join(", ", allowed)}.");
}
