namespace Pipelines.Releases;

/// <summary>One commit of the tool, read back from its trailers: a row of <c>History</c>.</summary>
public sealed record HistoryEntry(
    string Release,
    ReleaseAction Action,
    string Environment,
    IReadOnlyList<ContainerChange> Changes,
    string Cause,
    string Commit,
    DateTimeOffset Time,
    string Subject,
    string? RollbackOf);
