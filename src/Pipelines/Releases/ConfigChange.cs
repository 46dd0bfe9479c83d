using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>What an update function wants committed: file edits and the commit message. No edits: nothing to do, unless
/// <see cref="TrailersOnly"/> says the commit is its message alone (Unreject: history changes, no file does).</summary>
public sealed record ConfigChange(IReadOnlyList<FileEdit> Edits, ReleaseCommitMessage Message)
{
    public bool TrailersOnly { get; init; }

    /// <summary>Who the commit is by; null: the config repo's identity (<c>--user</c>, the CI job, the local user).</summary>
    public CommitAuthor? Author { get; init; }
}
