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
}
