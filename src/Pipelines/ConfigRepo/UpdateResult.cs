using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>How an update ended: its commit pushed (after how many attempts), or nothing to commit.</summary>
public sealed record UpdateResult(string? Commit, ConfigChange? Change, int Attempts)
{
    public bool Pushed => Commit is not null;

    /// <summary>The branch pushed to (or that would have been).</summary>
    public string? Branch { get; init; }

    /// <summary>The lock was taken: there was something to commit when the run looked first.</summary>
    public bool LockTaken => Attempts > 0;
}
