using Pipelines.Documents;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>Reports, results, steps and History as result documents (docs/json.md): the one place they are put into that shape.</summary>
public static class ReleaseDocuments
{
    public static ReleaseReportDocument Report(ReleaseReport report) => new(
        report.Release,
        report.Action.ToString().ToLowerInvariant(),
        report.Environment,
        report.Commit,
        report.Pushed,
        report.Branch,
        report.DryRun,
        report.Steps.Select(Step).ToList(),
        report.Results.Select(Workload).ToList(),
        report.Objects.Count == 0 ? null : report.Objects.Select(o => new ObjectResultJson(o.Object, o.Namespace, o.Action)).ToList());

    public static WorkloadResultJson Workload(WorkloadResult result) =>
        new(result.Workload, result.Status.ToString().ToLowerInvariant(), result.Reason, result.Changes.Select(c => Change(c)).ToList());

    /// <param name="withWorkload">Name the workload, where the change is not already under it.</param>
    public static ContainerChangeJson Change(ContainerChange change, bool withWorkload = false) =>
        new(withWorkload ? change.Workload : null, change.Container, change.From, change.To);

    public static StepJson Step(ReportStep step)
    {
        var text = ReleaseSteps.Text(step);
        return step switch
        {
            PlanStep plan => new PlanStepJson(plan.Workloads, plan.Containers, plan.Skipped, text),
            LockStep locked => new LockStepJson(
                locked.State switch { LockState.NotTaken => "not-taken", var state => state.ToString().ToLowerInvariant() }, locked.Lock, text),
            EditStep edit => new EditStepJson(edit.Files, text),
            CommitStep commit => new CommitStepJson(commit.Commit, commit.Subject, text),
            PushStep push => new PushStepJson(push.Branch, push.Remote, push.Attempts, text),
            ApplyStep apply => new ApplyStepJson(apply.Environment, apply.NotDoneBecause is null, apply.Workloads, apply.Commit, text),
            ReviewStep review => new ReviewStepJson(review.Branch, review.Into, text),
            RolloutStep rollout => new RolloutStepJson(rollout.Workload, Outcome(rollout.Outcome), rollout.Reason, text),
            RollbackStep back => new RollbackStepJson(back.Commit, back.Release, back.Workloads, text),
            SyncStep sync => new SyncStepJson(sync.Environment, sync.Commit, sync.Objects, sync.Outcomes, sync.DryRun, text),
            NoteStep note => new NoteStepJson(note.Topic, text),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "a report step with no JSON shape"),
        };
    }

    public static string Outcome(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.Succeeded => RolloutJson.Succeeded,
        RolloutOutcome.TimedOut => RolloutJson.Pending,
        _ => RolloutJson.Failed,
    };

    public static RolloutResultJson Rollout(RolloutResult rollout) => new(Outcome(rollout.Outcome), rollout.Reason);

    public static RejectionJson Rejection(Rejection rejection) => new(rejection.Image, rejection.Release, rejection.By, rejection.Commit);

    public static HistoryDocument History(IReadOnlyList<HistoryEntry> entries)
    {
        // A release is rolled back when a later entry (earlier in the list: newest first) names it in Pipelines-Rollback-Of.
        var rolledBack = entries.Select(e => e.RollbackOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new(entries.Select(e => HistoryItem(e, rolledBack.Contains(e.Release))).ToList());
    }

    private static HistoryItemJson HistoryItem(HistoryEntry entry, bool rolledBack) => new(
        entry.Release,
        entry.ActionText,
        entry.Untrusted is not null ? "untrusted" : rolledBack ? "rolled-back" : "committed",
        entry.Untrusted,
        entry.Environment,
        entry.Changes.Select(c => Change(c, withWorkload: true)).ToList(),
        entry.Workloads,
        entry.Unrejected,
        entry.Message,
        entry.Cause,
        entry.Author is { } author ? new UserJson(author.Name, author.Email) : null,
        entry.Commit,
        // Git keeps seconds: no fraction to print.
        new DateTime(entry.Time.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc),
        entry.RollbackOf);
}
