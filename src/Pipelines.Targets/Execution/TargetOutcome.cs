namespace Pipelines.Targets.Execution;

internal enum TargetStatus
{
    Succeeded,
    Failed,
    Skipped,
    NotRun,
}

/// <summary>What happened to one planned target: the row of the summary table.</summary>
internal sealed record TargetOutcome(string Name, TargetStatus Status, TimeSpan Duration, string? Reason = null)
{
    /// <summary>The target failed on a usage error found only when it ran (e.g. an ambiguous --service): exit code 2.</summary>
    public bool WasUsageError { get; init; }
}
