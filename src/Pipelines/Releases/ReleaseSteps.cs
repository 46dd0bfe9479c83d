
namespace Pipelines.Releases;

/// <summary>The lines of "what happened" in a release report, worded once here. Pure.</summary>
public static class ReleaseSteps
{
    public static PlanStep Plan(IReadOnlyList<PlannedWorkload> plan)
    {
        var changing = plan.Where(p => p.Changes).ToList();
        var skipped = plan.Count(p => p.Result.Status == WorkloadStatus.Skipped && p.Result.Reason != SkipReason.NotIncluded);
        return new PlanStep(changing.Count, changing.Sum(p => p.Result.Changes.Count), skipped);
    }

    /// <summary>The one wording of every step, for the text table and the JSON's <c>text</c>.</summary>
    public static string Text(ReportStep step) => step switch
    {
        PlanStep plan => $"plan: {Count(plan.Workloads, "workload")} to change ({Count(plan.Containers, "container")}), {plan.Skipped} skipped",
        LockStep { State: LockState.None } => "lock: none (--lock none; the push is still a compare-and-swap)",
        LockStep { State: LockState.NotTaken } => "lock: not taken (nothing to commit)",
        LockStep { State: LockState.Acquired } locked => $"lock: acquired ({locked.Lock})",
        LockStep => "lock: released",
        EditStep edit => edit.Files.Count == 0 ? "edit: none (a commit of trailers only)" : $"edit: {string.Join(", ", edit.Files)}",
        CommitStep { Commit: null } => "commit: none (another run made the same change first)",
        CommitStep commit => $"commit: {commit.Commit![..7]} {commit.Subject}",
        PushStep push => $"push: {push.Branch} of {push.Remote}" +
            (push.Attempts > 1 ? $" (attempt {push.Attempts}: the branch had moved, the change was re-applied on its new head)" : ""),
        ApplyStep { NotDoneBecause: { } why } => $"apply: not done ({why})",
        ApplyStep apply => $"apply: {string.Join(", ", apply.Workloads)} to {apply.Environment} at {apply.Commit?[..7]}",
        ReviewStep review => $"review: git fetch {review.Remote} {review.Branch} && git diff {review.Into}...FETCH_HEAD; merge it into {review.Into} " +
            $"(a merge request from {review.Branch}), then apply with Sync or let the GitOps agent apply {review.Into}",
        RolloutStep { Outcome: RolloutOutcome.Succeeded } rollout => $"rollout {rollout.Workload}: succeeded",
        RolloutStep { Outcome: RolloutOutcome.TimedOut } rollout => $"rollout {rollout.Workload}: pending (commit pushed, rollout still going: {rollout.Reason})",
        RolloutStep rollout => $"rollout {rollout.Workload}: failed: {rollout.Reason}",
        RollbackStep back => $"rollback: {back.Commit[..7]} ({back.Release}) returns {string.Join(", ", back.Workloads)} to the images before; the images rolled back from are rejected",
        SyncStep sync => $"apply: {sync.Objects} objects of {sync.Environment} at {sync.Commit?[..Math.Min(7, sync.Commit.Length)] ?? "(empty)"}{(sync.DryRun ? " (server-side dry run)" : "")}: " +
            string.Join(", ", sync.Outcomes.Select(o => $"{o.Value} {o.Key}")),
        NoteStep note => note.Text,
        _ => step.Kind,
    };

    public static RolloutStep Rollout(RolloutResult rollout) => new(rollout.Workload, rollout.Outcome, rollout.Reason);

    /// <summary>A workload's result once its rollout is known. A rollout still going at the timeout fails the run — production
    /// is not known to be healthy — unless <paramref name="allowPending"/> (--allow-pending) says a pending rollout is fine.</summary>
    public static WorkloadResult WithRollout(WorkloadResult result, RolloutResult rollout, TimeSpan timeout, bool allowPending = false) => rollout.Outcome switch
    {
        RolloutOutcome.Succeeded => result,
        RolloutOutcome.TimedOut when allowPending => result with { Reason = Join(result.Reason, $"commit pushed, rollout pending (--allow-pending): {rollout.Reason}") },
        RolloutOutcome.TimedOut => result with { Status = WorkloadStatus.Failed, Reason = Join(result.Reason, $"rollout did not finish in {Duration(timeout)}: {rollout.Reason}; the commit is in git and the rollout still pending") },
        _ => result with { Status = WorkloadStatus.Failed, Reason = Join(result.Reason, $"rollout failed: {rollout.Reason}") },
    };

    /// <summary><c>90s</c>, <c>5m</c>, <c>1h30m</c>: as the parameter would be written.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalSeconds < 120 && span.TotalSeconds % 60 != 0 ? $"{span.TotalSeconds:0.#}s"
        : span.TotalHours >= 1 && span.TotalMinutes % 60 != 0 ? $"{(int)span.TotalHours}h{span.Minutes}m"
        : span.TotalHours >= 1 ? $"{span.TotalHours:0}h" : $"{span.TotalMinutes:0.#}m";

    private static string Join(string? note, string reason) => note is null ? reason : $"{reason}; {note}";

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
