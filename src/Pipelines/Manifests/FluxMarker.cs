using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>A field marked for Flux's image-automation-controller: <c>tag: 6.5.0 # {"$imagepolicy": "flux-system:podinfo:tag"}</c>.</summary>
/// <param name="Path">Where the marked value is in its document.</param>
/// <param name="Parent">The mapping holding it: a policy's name and tag fields side by side are one image.</param>
internal sealed record FluxMarker(string File, int Document, YamlPath Path, YamlPath Parent, YamlScalar Value, string PolicyNamespace, string PolicyName, MarkedPart Part, int Line)
{
    /// <summary><c>flux-system:podinfo</c>, as markers and the release results name a policy.</summary>
    public string Policy => $"{PolicyNamespace}:{PolicyName}";
}
