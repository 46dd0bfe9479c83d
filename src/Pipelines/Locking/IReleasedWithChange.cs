using LibGit2Sharp;

namespace Pipelines.Locking;

/// <summary>
/// A held lock kept in the config repo itself (the git lock), which the push that delivers the change can also
/// release: one push instead of two for every locked update. The server updates the two refs one by one, so a
/// change refused while the release went through leaves the lock free; the caller then takes it again.
/// </summary>
public interface IReleasedWithChange
{
    /// <summary>Whether the lock's commits live in <paramref name="cache"/>, which a push carrying both must go from.</summary>
    bool KeptIn(ConfigRepo.ObjectCache cache);

    /// <summary>Stops renewing the lock and says how to free it in the same push; null when the lock is no longer ours.</summary>
    Task<LockRelease?> PrepareReleaseAsync();

    /// <summary>What the server said to the release: when accepted, the lock is free and disposing the handle pushes nothing.</summary>
    /// <param name="delivered">The branch and commit the same push delivered, when the server accepted the change.</param>
    void ReleasePushed(bool accepted, (string Branch, string Commit)? delivered);
}

/// <param name="Branch">The lock branch.</param>
/// <param name="CreateCommit">Makes the "free" commit in the repository the push goes from.</param>
/// <param name="Refused">Told why the server refused the release (the lock is then still held, to be released alone).</param>
public sealed record LockRelease(string Branch, Func<Repository, LockReleaseCommit> CreateCommit, Action<string>? Refused = null);

/// <param name="Commit">The release commit (free, or held for the next job of this machine).</param>
/// <param name="Replaces">Null for a child of the lock's head; the head, when the commit is a new root that keeps the lock
/// branch short, pushed with a lease on that head.</param>
public sealed record LockReleaseCommit(string Commit, string? Replaces);
