namespace Pipelines.Manifests;

/// <summary>One container of a workload, with the node holding its image (for in-place edits) and where that node is in its document.</summary>
public sealed record WorkloadContainer(string Name, string Image, bool IsInit, YamlScalar ImageNode)
{
    public YamlPath ImagePath { get; init; } = YamlPath.Root;
}

/// <summary>
/// A workload found in an environment's manifests: its id <c>namespace:kind/name</c>, where it is (file,
/// document index, line), its annotations and its containers (init containers included).
/// </summary>
public sealed record Workload(
    string Id,
    string Kind,
    string Namespace,
    string Name,
    string File,
    int DocumentIndex,
    int Line,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<WorkloadContainer> Containers,
    YamlMapping Manifest)
{
    /// <summary>The pod template's metadata (null for a Pod, whose own metadata is it).</summary>
    public YamlMapping? TemplateMetadata { get; init; }

    /// <summary>Where the workload's manifest is in its document: the root, or an item of a <c>List</c>.</summary>
    public YamlPath Path { get; init; } = YamlPath.Root;

    /// <summary>Where the pod template's metadata is (or would be) in the document; null for a Pod.</summary>
    public YamlPath? TemplateMetadataPath { get; init; }

    public static string MakeId(string ns, string kind, string name) => $"{ns}:{kind.ToLowerInvariant()}/{name}";
}
