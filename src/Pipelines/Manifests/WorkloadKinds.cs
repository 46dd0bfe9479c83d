namespace Pipelines.Manifests;

/// <summary>What applying a new pod template to a workload does to its running pods.</summary>
public enum TemplateChange
{
    /// <summary>The controller replaces the pods (Deployment, StatefulSet and DaemonSet with RollingUpdate): wait as kubectl rollout status does.</summary>
    RollsOut,
    /// <summary>Nothing runs until the next scheduled Job (CronJob).</summary>
    NextRun,
    /// <summary>The running pods keep the old template; only pods made later get the new one (ReplicaSet).</summary>
    NewPodsOnly,
    /// <summary>The kubelet restarts the changed containers in place (Pod: only images can change).</summary>
    InPlace,
    /// <summary>The API server refuses a changed pod template (Job: spec.template is immutable).</summary>
    Immutable,
}

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

/// <summary>
/// The one list of workload kinds, for the manifests (which images a config repo holds) and the cluster (what runs,
/// rollouts): so that what a release plans is always something the cluster side can apply and watch.
/// </summary>
public static class WorkloadKinds
{
    private static readonly string[] Template = ["spec", "template", "spec"];

    public static IReadOnlyList<WorkloadKind> All { get; } =
    [
        new("Deployment", "apps/v1", "deployments", Template, TemplateChange.RollsOut),
        new("StatefulSet", "apps/v1", "statefulsets", Template, TemplateChange.RollsOut),
        new("DaemonSet", "apps/v1", "daemonsets", Template, TemplateChange.RollsOut),
        new("CronJob", "batch/v1", "cronjobs", ["spec", "jobTemplate", "spec", "template", "spec"], TemplateChange.NextRun),
        new("ReplicaSet", "apps/v1", "replicasets", Template, TemplateChange.NewPodsOnly),
        new("Job", "batch/v1", "jobs", Template, TemplateChange.Immutable),
        new("Pod", "v1", "pods", ["spec"], TemplateChange.InPlace),
    ];

    /// <summary>By kind (<c>Deployment</c>) or by id (<c>deployment</c>); null when it is not a workload kind.</summary>
    public static WorkloadKind? Find(string kind) =>
        All.FirstOrDefault(k => k.Kind == kind) ?? All.FirstOrDefault(k => k.Id == kind.ToLowerInvariant());

    public static WorkloadKind Get(string kind) =>
        Find(kind) ?? throw new ArgumentException($"{kind} is not a workload kind Pipelines releases ({string.Join(", ", All.Select(k => k.Kind))}).", nameof(kind));
}
