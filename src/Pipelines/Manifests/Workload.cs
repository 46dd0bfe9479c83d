using Pipelines.Yaml;

namespace Pipelines.Manifests;

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

    /// <summary>Policy the layout implies (a Flux ImagePolicy, Argo CD Image Updater annotations); the workload's own
    /// <c>pipelines/*</c> annotations win over it.</summary>
    public ImpliedPolicy Implied { get; init; } = ImpliedPolicy.None;

    /// <summary>Why policy annotations cannot be written on this workload (null: they can): its manifest is a kustomize base other
    /// environments share, or the workload is declared without a manifest of its own.</summary>
    public string? AnnotationsRefused { get; init; }

    public static string MakeId(string ns, string kind, string name) => $"{ns}:{kind.ToLowerInvariant()}/{name}";
}
