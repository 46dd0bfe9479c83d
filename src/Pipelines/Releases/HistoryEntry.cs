namespace Pipelines.Releases;

/// <summary>One commit of the tool, read back from its trailers: a row of <c>History</c>.</summary>
/// <param name="Workloads">Every workload the commit touched, with or without an image change (a lock changes none).</param>
/// <param name="Message">The commit body: a lock's message, or the note given with <c>--message</c>.</param>
public sealed record HistoryEntry(
    string Release,
    ReleaseAction Action,
    string Environment,
    IReadOnlyList<ContainerChange> Changes,
    string Cause,
    string Commit,
    DateTimeOffset Time,
    string Subject,
    string? RollbackOf,
    IReadOnlyList<string> Workloads,
    string? Message = null)
{
    /// <summary>Images an Unreject commit cleared (<c>Pipelines-Unreject</c>).</summary>
    public IReadOnlyList<string> Unrejected { get; init; } = [];
}
