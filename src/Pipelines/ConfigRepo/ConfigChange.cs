using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>What an update function wants committed: file edits and the commit message. No edits: nothing to do, unless
/// <see cref="TrailersOnly"/> says the commit is its message alone (Unreject: history changes, no file does).</summary>
public sealed record ConfigChange(IReadOnlyList<FileEdit> Edits, ReleaseCommitMessage Message)
{
    public bool TrailersOnly { get; init; }
}

/// <summary>
/// "Given this tree, produce these edits." Called again on the new head whenever the remote moved, so it
/// must be a function of the snapshot. Returns null when there is nothing (or no longer anything) to do;
/// throws to say the edit no longer applies (e.g. the workload was removed meanwhile).
/// </summary>
public delegate ConfigChange? ConfigUpdate(ConfigSnapshot snapshot);
