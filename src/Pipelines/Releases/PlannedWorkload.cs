using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>One workload in a plan: where it is, and what will happen to it (changes to make, or why not).</summary>
public sealed record PlannedWorkload(Workload Workload, WorkloadResult Result)
{
    /// <summary>Something changes for it: images (releases) or only annotations (Lock, Policy…).</summary>
    public bool Changes => Result.Status == WorkloadStatus.Success;

    public static PlannedWorkload Skip(Workload workload, string reason) => new(workload, new WorkloadResult(workload.Id, WorkloadStatus.Skipped, reason, []));

    public static PlannedWorkload Change(Workload workload, IReadOnlyList<ContainerChange> changes) =>
        new(workload, new WorkloadResult(workload.Id, WorkloadStatus.Success, null, changes));

    /// <summary>It cannot be done, and the run must say so with exit 1 (an explicit image the registry does not have, a locked workload named alone).</summary>
    public static PlannedWorkload Fail(Workload workload, string reason) => new(workload, new WorkloadResult(workload.Id, WorkloadStatus.Failed, reason, []));

    /// <summary>A change that overrides something worth saying (a lock, a rejection): the note goes with its result.</summary>
    public PlannedWorkload WithNote(string note) =>
        this with { Result = Result with { Reason = Result.Reason is null ? note : $"{Result.Reason}; {note}" } };
}
