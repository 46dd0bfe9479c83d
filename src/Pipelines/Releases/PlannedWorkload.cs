using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>One workload in a plan: where it is, and what will happen to it (changes to make, or why not).</summary>
public sealed record PlannedWorkload(Workload Workload, WorkloadResult Result)
{
    /// <summary>Something changes for it: images (releases) or only annotations (Lock, Policy…).</summary>
    public bool Changes => Result.Status == WorkloadStatus.Success;

    public static PlannedWorkload Skip(Workload workload, string reason) => new(workload, new WorkloadResult(workload.Id, WorkloadStatus.Skipped, reason, []));

    /// <summary>A change that cannot be made (e.g. a Job's immutable template): failed at plan time, with the reason, nothing committed.</summary>
    public static PlannedWorkload Refuse(Workload workload, string reason) => new(workload, new WorkloadResult(workload.Id, WorkloadStatus.Failed, reason, []));

    public static PlannedWorkload Change(Workload workload, IReadOnlyList<ContainerChange> changes) =>
        new(workload, new WorkloadResult(workload.Id, WorkloadStatus.Success, null, changes));
}
