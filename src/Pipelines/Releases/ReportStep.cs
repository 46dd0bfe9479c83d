
namespace Pipelines.Releases;

/// <summary>
/// One line of a report's "what happened", as values: the text table words it (<see cref="ReleaseSteps.Text"/>), the JSON
/// carries its fields and that same wording (<see cref="ResultJson"/>), so no renderer words a step of its own.
/// </summary>
public abstract record ReportStep
{
    /// <summary>The step's kind in JSON: <c>plan</c>, <c>lock</c>, <c>edit</c>, <c>commit</c>, <c>push</c>, <c>apply</c>, <c>rollout</c>, …</summary>
    public abstract string Kind { get; }
}

public sealed record PlanStep(int Workloads, int Containers, int Skipped) : ReportStep
{
    public override string Kind => "plan";
}

internal sealed record LockStep(LockState State, string? Lock = null) : ReportStep
{
    public override string Kind => "lock";
}

internal sealed record EditStep(IReadOnlyList<string> Files) : ReportStep
{
    public override string Kind => "edit";
}

/// <summary>A commit made; with a null <paramref name="Commit"/>, none was needed after all (another run made the same change first).</summary>
internal sealed record CommitStep(string? Commit, string? Subject) : ReportStep
{
    public override string Kind => "commit";
}

internal sealed record PushStep(string Branch, string Remote, int Attempts) : ReportStep
{
    public override string Kind => "push";
}

/// <summary>Applied to the cluster; or, with a <paramref name="NotDoneBecause"/>, deliberately not (<c>--apply false</c>, <c>--push-branch</c>).</summary>
public sealed record ApplyStep(string Environment, IReadOnlyList<string> Workloads, string? Commit, string? NotDoneBecause = null) : ReportStep
{
    public override string Kind => "apply";
}

/// <summary>How to review and merge a branch pushed with <c>--push-branch</c>.</summary>
internal sealed record ReviewStep(string Branch, string Into, string Remote) : ReportStep
{
    public override string Kind => "review";
}

public sealed record RolloutStep(string Workload, RolloutOutcome Outcome, string? Reason) : ReportStep
{
    public override string Kind => "rollout";
}

/// <summary>Automation rolled back workloads whose rollout failed.</summary>
internal sealed record RollbackStep(string Commit, string Release, IReadOnlyList<string> Workloads) : ReportStep
{
    public override string Kind => "rollback";
}

/// <summary>Sync applied (or, in a dry run, would apply) an environment's objects: how many of each outcome.</summary>
internal sealed record SyncStep(string Environment, string? Commit, int Objects, IReadOnlyDictionary<string, int> Outcomes, bool DryRun) : ReportStep
{
    public override string Kind => "sync";
}

/// <summary>A fact a plan or its preparation established, in words (<paramref name="Topic"/>: <c>source-health</c>, <c>unreject</c>, <c>dry-run</c>).</summary>
internal sealed record NoteStep(string Topic, string Text) : ReportStep
{
    public override string Kind => Topic;
}
