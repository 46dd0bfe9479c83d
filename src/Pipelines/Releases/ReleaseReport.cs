namespace Pipelines.Releases;

/// <summary>
/// The one result model of a release (STYLE.md: Flux v1's release results): the text table, the JSON and
/// the commit message are all rendered from it.
/// </summary>
public sealed record ReleaseReport(string Release, string Environment, string? Commit, bool Pushed, IReadOnlyList<WorkloadResult> Results)
{
    /// <summary>What was done: release, rollback, promote, lock… (the report's first word).</summary>
    public ReleaseAction Action { get; init; } = ReleaseAction.Release;

    /// <summary>The branch the commit was pushed to (the config branch, or <c>--push-branch</c>).</summary>
    public string? Branch { get; init; }

    /// <summary>What happened, in order: plan, lock, edit, commit, push, apply, rollout per workload.</summary>
    public IReadOnlyList<ReportStep> Steps { get; init; } = [];

    /// <summary><c>--dry-run</c>: the plan only; nothing was committed.</summary>
    public bool DryRun { get; init; }

    /// <summary>Sync: every object applied or pruned, with what happened to it.</summary>
    public IReadOnlyList<ObjectResult> Objects { get; init; } = [];

    /// <summary>A dry run: the files the commit would change, before and after (the preview's diff); empty otherwise.</summary>
    public IReadOnlyList<FilePreview> Previews { get; init; } = [];

    public bool AnyFailed => Results.Any(r => r.Status == WorkloadStatus.Failed);
}
