using Pipelines.Manifests;

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
    /// <summary>The commit's author: who made the release (the signed-in user, the CI job's identity or automation).</summary>
    public CommitAuthor? Author { get; init; }

    /// <summary>Images an Unreject commit cleared (<c>Pipelines-Unreject</c>).</summary>
    public IReadOnlyList<string> Unrejected { get; init; } = [];

    /// <summary>Why the commit's trailers are not believed (they claim an image change its diff does not make); null when they
    /// are. An untrusted commit is shown as a plain commit: it carries no changes, and nothing (rejections, rollback targets)
    /// is derived from it.</summary>
    public string? Untrusted { get; init; }

    /// <summary>The action as History shows it: the trailer's, or <c>untrusted</c>.</summary>
    public string ActionText => Untrusted is null ? Action.ToString().ToLowerInvariant() : "untrusted";
}
