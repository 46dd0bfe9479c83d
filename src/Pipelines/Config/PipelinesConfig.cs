using System.Text.RegularExpressions;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Config;

/// <summary>
/// <c>pipelines.yaml</c>: the environments and their policies, and who may do what in them (<c>access:</c>), validated. Every mistake is reported with
/// file:line and what to write instead.
/// </summary>
public sealed partial class PipelinesConfig
{
    public const string FileName = "pipelines.yaml";
    private static readonly string[] EnvironmentKeys = ["path", "namespace", "automation", "tagFilter", "cluster", "promoteFrom", "images", "windows"];
    private static readonly string[] ImageKeys = ["file", "workload", "container", "image", "repository", "tag", "digest", "tagFilter", "automated"];

    private readonly string _file;

    private PipelinesConfig(IReadOnlyList<EnvironmentConfig> environments, string file) => (Environments, _file) = (environments, file);

    public IReadOnlyList<EnvironmentConfig> Environments { get; }

    public EnvironmentConfig Environment(string name) =>
        Environments.FirstOrDefault(e => e.Name == name)
        ?? throw new ManifestException(_file, 0, 0,
            $"no environment '{name}'; write one of: {string.Join(", ", Environments.Select(e => e.Name))}.");

    public static PipelinesConfig Parse(string text, string file = FileName)
    {
        var documents = YamlDocuments.Parse(text, file);
        if (documents.Skip(1).FirstOrDefault(d => d is not (null or YamlScalar { IsNull: true })) is { } second)
        {
            throw new ManifestException(file, second.Line, second.Column, "a second YAML document (after ---) would be ignored; keep one document: " +
                "move its environments under the first 'environments:' and remove the ---.");
        }
        var root = documents.FirstOrDefault() as YamlMapping
            ?? throw new ManifestException(file, 1, 1, "must be a mapping with an 'environments:' key, e.g. environments: { staging: { path: environments/staging } }.");
        foreach (var (key, value) in root.Entries)
        {
            if (key?.Value is not ("environments" or "access")) throw Unknown(file, key ?? (YamlNode)value, key?.Value ?? "(a list or mapping)", ["environments", "access"]);
        }
        if (root["environments"] is not YamlMapping environments || environments.Entries.Count == 0)
        {
            var at = root["environments"] ?? root;
            throw new ManifestException(file, at.Line, at.Column, "'environments:' must map each environment name to its settings, " +
                "e.g. environments: { staging: { path: environments/staging } }.");
        }

        var result = new List<EnvironmentConfig>();
        var promoteFromAt = new Dictionary<string, YamlNode>();
        foreach (var (nameNode, value) in environments.Entries)
        {
            var name = nameNode?.Value ?? throw new ManifestException(file, value.Line, value.Column, "an environment name must be a plain string, e.g. staging: { path: environments/staging }.");
            if (value is not YamlMapping settings) throw new ManifestException(file, value.Line, value.Column, $"environment '{name}' must be a mapping with at least 'path:', e.g. {name}: {{ path: environments/{name} }}" +
                (value is YamlAlias ? " (an alias is not expanded: write the settings out)." : "."));
            foreach (var (key, keyed) in settings.Entries)
            {
                if (key is null || !EnvironmentKeys.Contains(key.Value)) throw Unknown(file, key ?? keyed, key?.Value ?? "(a list or mapping)", EnvironmentKeys);
            }
            var where = $"environment '{name}'";
            string? Text(string key) => Scalar(file, settings, key, where);
            var path = Text("path") ?? throw new ManifestException(file, nameNode.Line, nameNode.Column, $"environment '{name}' has no 'path:'; add e.g. path: environments/{name}.");
            // Not Enum.TryParse: it takes numbers ("7" is an Automation nobody declared) and comma lists.
            var automationText = Text("automation") ?? "manual";
            var automation = automationText.ToLowerInvariant() switch
            {
                "automatic" => Automation.Automatic,
                "manual" => Automation.Manual,
                _ => throw new ManifestException(file, settings["automation"]!.Line, settings["automation"]!.Column,
                    $"automation '{automationText}' is not valid; write automatic or manual."),
            };
            var tagFilter = Text("tagFilter") ?? "glob:*";
            CheckTagFilter(file, settings, tagFilter);
            string? context = null, kubeconfig = null;
            if (settings["cluster"] is YamlMapping cluster)
            {
                foreach (var (key, keyed) in cluster.Entries)
                {
                    if (key?.Value is not ("context" or "kubeconfig")) throw Unknown(file, key ?? keyed, key?.Value ?? "(a list or mapping)", ["context", "kubeconfig"]);
                }
                context = Scalar(file, cluster, "context", $"cluster of {where}");
                kubeconfig = Scalar(file, cluster, "kubeconfig", $"cluster of {where}");
            }
            else if (settings["cluster"] is { } other && !(other is YamlScalar { IsNull: true }))
            {
                throw new ManifestException(file, other.Line, other.Column,
                    $"cluster of environment '{name}' must be a mapping such as cluster: {{ context: {name} }} or cluster: {{ kubeconfig: path }}.");
            }
            if (Text("promoteFrom") is not null) promoteFromAt[name] = settings["promoteFrom"]!;
            result.Add(new EnvironmentConfig(name, path.Trim('/'), Text("namespace") ?? "default", automation, tagFilter,
                context, kubeconfig, Text("promoteFrom"), nameNode.Line) { Images = Images(file, name, settings["images"]), Windows = ReleaseWindowParser.Parse(file, name, settings["windows"]) });
        }

        foreach (var environment in result.Where(e => e.PromoteFrom is not null))
        {
            if (result.All(e => e.Name != environment.PromoteFrom))
            {
                var others = result.Where(e => e != environment).Select(e => e.Name).ToList();
                var at = promoteFromAt[environment.Name];
                throw new ManifestException(file, at.Line, at.Column,
                    $"environment '{environment.Name}' promotes from '{environment.PromoteFrom}', which is not an environment; " +
                    (others.Count > 0 ? $"write one of: {string.Join(", ", others)}." : "there is no other one: remove promoteFrom:."));
            }
        }
        foreach (var environment in result)
        {
            var seen = new List<string> { environment.Name };
            for (var next = environment.PromoteFrom; next is not null; next = result.First(e => e.Name == next).PromoteFrom)
            {
                if (seen.Contains(next))
                {
                    var at = promoteFromAt[environment.Name];
                    throw new ManifestException(file, at.Line, at.Column, $"promoteFrom forms a cycle: {string.Join(" <- ", seen.Append(next))}; one environment must promote from none.");
                }
                seen.Add(next);
            }
        }
        return new PipelinesConfig(result, file) { Access = ParseAccess(file, root["access"], result) };
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
            if (item is not YamlMapping entry)
            {
                throw new ManifestException(file, item.Line, item.Column, $"environment '{environment}': each images: entry is a mapping with file:, workload: and the paths " +
                    "of its fields, e.g. - {file: charts/shop/values.yaml, workload: shop/front-end, repository: image.repository, tag: image.tag}.");
            }
            foreach (var (key, keyed) in entry.Entries)
            {
                if (key is null || !ImageKeys.Contains(key.Value)) throw Unknown(file, key ?? keyed, key?.Value ?? "(a list or mapping)", ImageKeys);
            }
            string? Text(string key) => Scalar(file, entry, key, $"an images: entry of environment '{environment}'");
            string Required(string key, string example) => Text(key)
                ?? throw new ManifestException(file, entry.Line, entry.Column, $"an images: entry has no '{key}:'; add e.g. {key}: {example}.");
            var declared = new DeclaredImage(Required("file", "charts/shop/values.yaml"), Required("workload", "shop/front-end"), Text("container"), Text("image"),
                Text("repository"), Text("tag"), Text("digest"), Text("tagFilter"),
                Text("automated")?.ToLowerInvariant() switch
                {
                    null => null, "true" => true, "false" => false,
                    _ => throw new ManifestException(file, entry["automated"]!.Line, entry["automated"]!.Column,
                        $"automated '{Text("automated")}' is not valid; write true or false, or leave it out to follow the environment's automation."),
                }, entry.Line);
            if (declared.TagFilter is not null) CheckTagFilter(file, entry, declared.TagFilter);
            if (!WorkloadName().IsMatch(declared.Workload))
            {
                var at = entry["workload"]!;
                throw new ManifestException(file, at.Line, at.Column, $"workload '{declared.Workload}' of an images: entry is not a workload's name; write namespace/name " +
                    "(a Deployment, e.g. shop/front-end), namespace:kind/name (e.g. shop:statefulset/db) or name (in the environment's namespace).");
            }
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

    // A key's value as text; null when absent or null. A list, mapping or alias where one value belongs is a mistake, not "absent".
    private static string? Scalar(string file, YamlMapping mapping, string key, string where) => mapping[key] switch
    {
        null or YamlScalar { IsNull: true } => null,
        YamlScalar scalar => scalar.Value,
        var other => throw new ManifestException(file, other.Line, other.Column, $"{where}: '{key}:' must be a single value, not " +
            (other switch { YamlSequence => "a list", YamlMapping => "a mapping", _ => "an alias (aliases are not expanded)" }) + $"; write e.g. {key}: {Example(key)}."),
    };

    private static string Example(string key) => key switch
    {
        "path" => "environments/staging", "namespace" => "sock-shop", "automation" => "automatic", "tagFilter" => "\"semver:~1.2\"", "promoteFrom" => "staging",
        "context" => "staging", "kubeconfig" => "clusters/staging.kubeconfig", "file" => "charts/shop/values.yaml", "workload" => "shop/front-end",
        "container" => "front-end", "image" => "image.full", "repository" => "image.repository", "tag" => "image.tag", "digest" => "image.digest",
        "automated" => "true", _ => "<value>",
    };

    // A filter that does not parse is reported here, at its line, rather than by the first release that reads it.
    private static void CheckTagFilter(string file, YamlMapping mapping, string filter)
    {
        try
        {
            TagPolicy.Parse(filter);
        }
        catch (TagPolicyException e)
        {
            var at = mapping["tagFilter"]!;
            throw new ManifestException(file, at.Line, at.Column, e.Message);
        }
    }

    // What DeclaredImages reads: [namespace[:kind]/]name, with Kubernetes' rules for the namespace (a DNS label) and the name (a DNS subdomain).
    [GeneratedRegex(@"^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?::[A-Za-z]+)?/)?[a-z0-9](?:[-.a-z0-9]*[a-z0-9])?$")]
    private static partial Regex WorkloadName();

    private static ManifestException Unknown(string file, YamlNode at, string key, IEnumerable<string> allowed) =>
        new(file, at.Line, at.Column, $"unknown key '{key}'; allowed here: {string.Join(", ", allowed)}.");
}
