namespace Pipelines.Manifests;

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
