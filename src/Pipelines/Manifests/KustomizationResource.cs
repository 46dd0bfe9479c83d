namespace Pipelines.Manifests;

/// <summary>One entry of <c>resources:</c> (or the older <c>bases:</c>): a path relative to the kustomization's folder, or a URL.</summary>
internal sealed record KustomizationResource(string Path, int Line);
