using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>One container of a workload: the image its renderer would give it, the node holding its own <c>image:</c>
/// (for in-place edits) and where that node is in its document, and the site a release changes (<see cref="ImageSite"/>).</summary>
public sealed record WorkloadContainer(string Name, string Image, bool IsInit, YamlScalar ImageNode)
{
    public YamlPath ImagePath { get; init; } = YamlPath.Root;

    /// <summary>Where the image is written for its renderer: the container's own <c>image:</c>, or a place that overrides it.
    /// Every reader sets it.</summary>
    public ImageSite Site { get; init; } = null!;
}
