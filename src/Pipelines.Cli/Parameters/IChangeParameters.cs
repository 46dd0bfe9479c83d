using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>How a change to workloads is made and judged: past their locks or not, for real or as a dry run, with what
/// message, and whether a rollout still going fails the run (UpdateConfigRepo, the release targets, Sync).</summary>
public interface IChangeParameters : IParameterComponent
{
    [Parameter("Change named workloads even when they are locked (Release, Rollback, UpdateConfigRepo; Promote: also an unhealthy source or a rejected image); the report says a lock was overridden.")]
    bool Force => this.Value(false);

    [Parameter("Show what would change without changing anything: nothing is locked, committed, pushed or applied.")]
    bool DryRun => this.Value(false);

    [Parameter("Why: the lock message (Lock), or a note added to the commit message.")]
    string? Message => this.Value<string?>();

    [Parameter("A rollout still going at --rollout-timeout is reported pending and the run succeeds (default: it fails, exit 1).")]
    bool AllowPending => this.Value(false);
}
