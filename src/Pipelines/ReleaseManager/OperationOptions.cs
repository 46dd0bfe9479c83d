namespace Pipelines.ReleaseManager;

/// <summary>What every operation is given besides its own request.</summary>
/// <param name="Environment">The environment changed.</param>
public sealed record OperationOptions(string Environment)
{
    /// <summary>Null: the config repo's commit identity (<c>--user</c>, the CI job, else the local user).</summary>
    public Caller? Caller { get; init; }

    /// <summary>Plan only: nothing is locked, committed, pushed or applied.</summary>
    public bool DryRun { get; init; }

    /// <summary>Why: the lock message, or a note added to the commit message.</summary>
    public string? Message { get; init; }

    /// <summary><c>--allow-pending</c>: a rollout still going at the timeout is not a failure.</summary>
    public bool AllowPending { get; init; }

    /// <summary>The release id to use; null: a new one. The web UI names it before the run starts, so that its report page
    /// can be opened (and followed live) at once.</summary>
    public string? Release { get; init; }

    /// <summary>Told each step as it happens (<see cref="ReleaseExecutor.Progress"/>).</summary>
    public Action<Releases.ReportStep>? Progress { get; init; }
}
