namespace Pipelines.Manifests;

/// <summary>One kind Pipelines reads images from and releases: where it is served, where its pod spec is, and what a new template does.</summary>
public sealed record WorkloadKind(string Kind, string ApiVersion, string Plural, string[] PodSpecPath, TemplateChange TemplateChange)
{
    /// <summary>The kind as written in workload ids: <c>deployment</c> in <c>sock-shop:deployment/front-end</c>.</summary>
    public string Id => Kind.ToLowerInvariant();

    public string CollectionPath(string @namespace) =>
        (ApiVersion.Contains('/') ? $"/apis/{ApiVersion}" : $"/api/{ApiVersion}") + $"/namespaces/{@namespace}/{Plural}";

    /// <summary>Why a release cannot change this kind's images, or null when it can.</summary>
    public string? RefusalReason => TemplateChange == TemplateChange.Immutable
        ? $"a {Kind}'s pod template cannot change: the API server refuses a new image (spec.template is immutable); delete and re-create the {Kind}, or release the CronJob that creates it"
        : null;
}
