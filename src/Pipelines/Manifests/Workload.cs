namespace Pipelines.Manifests;

/// <summary>One container of a workload, with the node holding its image (for in-place edits).</summary>
public sealed record WorkloadContainer(string Name, string Image, bool IsInit, YamlScalar ImageNode);

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

    public static string MakeId(string ns, string kind, string name) => $"{ns}:{kind.ToLowerInvariant()}/{name}";
}
