using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>Finds the workloads in the documents of one manifest file. Pure: text in, workloads out.</summary>
internal static class WorkloadReader
{
    // The one list of workload kinds, shared with the cluster side, so that every workload planned can be applied and watched.
    private static readonly Dictionary<string, string[]> PodSpecPaths =
        WorkloadKinds.All.ToDictionary(k => k.Kind, k => k.PodSpecPath, StringComparer.Ordinal);

    public static IReadOnlyList<Workload> Read(string file, string text, string defaultNamespace) =>
        Read(file, YamlDocuments.Parse(text, file), defaultNamespace);

    /// <summary>The workloads of a file already parsed (a scan parses each file once for all its readers).</summary>
    public static IReadOnlyList<Workload> Read(string file, IReadOnlyList<YamlNode?> documents, string defaultNamespace)
    {
        var workloads = new List<Workload>();
        for (var index = 0; index < documents.Count; index++)
        {
            if (documents[index] is YamlMapping root) Collect(file, index, root, YamlPath.Root, defaultNamespace, workloads);
        }
        return workloads;
    }

    private static void Collect(string file, int documentIndex, YamlMapping manifest, YamlPath at, string defaultNamespace, List<Workload> workloads)
    {
        var kind = (manifest["kind"] as YamlScalar)?.Value;
        if (kind is null) return;
        if (kind == "List" || kind.EndsWith("List", StringComparison.Ordinal))
        {
            if (manifest["items"] is YamlSequence items)
            {
                for (var i = 0; i < items.Items.Count; i++)
                {
                    if (items.Items[i] is YamlMapping item) Collect(file, documentIndex, item, at.Then("items", i), defaultNamespace, workloads);
                }
            }
            return;
        }
        if (!PodSpecPaths.TryGetValue(kind, out var path)) return;
        var metadata = manifest["metadata"] as YamlMapping;
        var name = (metadata?["name"] as YamlScalar)?.Value;
        if (string.IsNullOrEmpty(name))
        {
            throw new ManifestException(file, manifest.Line, manifest.Column, $"a {kind} without metadata.name; give it a name.");
        }
        var ns = (metadata!["namespace"] as YamlScalar)?.Value is { Length: > 0 } given ? given : defaultNamespace;
        var podSpec = Navigate(manifest, path);
        var templateMetadata = kind == "Pod" ? null : Navigate(manifest, [.. path[..^1], "metadata"]);
        var containers = new List<WorkloadContainer>();
        var podSpecPath = at.Then(path);
        if (podSpec is not null)
        {
            AddContainers(file, documentIndex, at, podSpec, podSpecPath, "initContainers", containers);
            AddContainers(file, documentIndex, at, podSpec, podSpecPath, "containers", containers);
        }
        workloads.Add(new Workload(Workload.MakeId(ns, kind, name), kind, ns, name, file, documentIndex, manifest.Line,
            ReadStringMap(metadata["annotations"]), containers, manifest)
        {
            TemplateMetadata = templateMetadata,
            Path = at,
            TemplateMetadataPath = kind == "Pod" ? null : at.Then([.. path[..^1], "metadata"]),
        });
    }

    private static void AddContainers(string file, int documentIndex, YamlPath workloadPath, YamlMapping podSpec, YamlPath podSpecPath, string key,
        List<WorkloadContainer> containers)
    {
        if (podSpec[key] is not YamlSequence list) return;
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is YamlMapping container && container["name"] is YamlScalar name && container["image"] is YamlScalar image)
            {
                var imagePath = podSpecPath.Then(key, i, "image");
                containers.Add(new WorkloadContainer(name.Value, image.Value, key == "initContainers", image)
                {
                    ImagePath = imagePath,
                    Site = new ManifestImageSite(file, documentIndex, workloadPath, imagePath),
                });
            }
        }
    }

    public static YamlMapping? Navigate(YamlMapping root, IEnumerable<string> path)
    {
        YamlMapping? current = root;
        foreach (var key in path)
        {
            current = current?[key] as YamlMapping;
            if (current is null) return null;
        }
        return current;
    }

    public static IReadOnlyDictionary<string, string> ReadStringMap(YamlNode? node) =>
        node is YamlMapping map
            ? map.Entries.Where(e => e.Key is not null && e.Value is YamlScalar).ToDictionary(e => e.Key!.Value, e => ((YamlScalar)e.Value).Value)
            : new Dictionary<string, string>();
}
