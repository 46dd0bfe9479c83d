namespace Pipelines.Config;

/// <summary>
/// An image an environment declares in <c>pipelines.yaml</c> because no manifest holds it — Helm values:
/// <c>images: [{file: charts/shop/values.yaml, repository: image.repository, tag: image.tag, workload: sock-shop/front-end}]</c>.
/// Paths are dotted (<c>image.tag</c>, <c>sidecars[0].image</c>); in a HelmRelease they are read under <c>spec.values</c>, in an
/// Argo CD Application under <c>spec.source.helm.valuesObject</c>.
/// </summary>
/// <param name="Workload">The workload Helm renders: <c>namespace/name</c> (a Deployment), <c>namespace:kind/name</c>, or <c>name</c>.</param>
/// <param name="Container">The container's name; default: the workload's name.</param>
/// <param name="Image">A path holding the whole reference (instead of repository and tag).</param>
/// <param name="TagFilter">Which tags automation may pick for it (else the environment's <c>tagFilter</c>).</param>
public sealed record DeclaredImage(string File, string Workload, string? Container, string? Image, string? Repository, string? Tag, string? Digest, string? TagFilter,
    bool? Automated, int Line);
