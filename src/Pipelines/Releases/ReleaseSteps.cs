using Pipelines.Kubernetes;

namespace Pipelines.Releases;

/// <summary>The lines of "what happened" in a release report, worded once here. Pure.</summary>
public static class ReleaseSteps
{
    public static string Plan(IReadOnlyList<PlannedWorkload> plan)
    {
        var changing = plan.Where(p => p.Changes).ToList();
        var containers = changing.Sum(p => p.Result.Changes.Count);
        var skipped = plan.Count(p => p.Result.Status == WorkloadStatus.Skipped && p.Result.Reason != SkipReason.NotIncluded);
        return $"plan: {Count(changing.Count, "workload")} to change ({Count(containers, "container")}), {skipped} skipped";
    }

    public static string Edit(IEnumerable<string> files) => $"edit: {string.Join(", ", files)}";

    public static string Commit(string commit, string subject) => $"commit: {commit[..7]} {subject}";

    public static string Push(string branch, string remote, int attempts) =>
        $"push: {branch} of {remote}" + (attempts > 1 ? $" (attempt {attempts}: the branch had moved, the change was re-applied on its new head)" : "");

    public static string Rollout(RolloutResult rollout) => rollout.Outcome switch
    {
        RolloutOutcome.Succeeded => $"rollout {rollout.Workload}: succeeded",
        RolloutOutcome.TimedOut => $"rollout {rollout.Workload}: pending (commit pushed, rollout still going: {rollout.Reason})",
        _ => $"rollout {rollout.Workload}: failed: {rollout.Reason}",
    };

    /// <summary>A workload's result once its rollout is known: a timeout is not a failure (the commit is in git, the rollout pending).</summary>
    public static WorkloadResult WithRollout(WorkloadResult result, RolloutResult rollout) => rollout.Outcome switch
    {
        RolloutOutcome.Succeeded => result,
        RolloutOutcome.TimedOut => result with { Reason = $"commit pushed, rollout pending: {rollout.Reason}" },
        _ => result with { Status = WorkloadStatus.Failed, Reason = $"rollout failed: {rollout.Reason}" },
    };

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
