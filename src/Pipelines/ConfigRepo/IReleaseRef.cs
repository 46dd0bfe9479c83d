using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// A ref update that frees a lock kept in the config repo, pushed together with the change it guarded. The server updates
/// the refs one by one (libgit2 cannot ask for an atomic push), so the release can be accepted while the change is refused:
/// the lock is then free, and the update takes it again before its next attempt.
/// </summary>
public interface IReleaseRef
{
    /// <summary>Makes the update in the repository the push goes from, as the push is made (under the cache's file lock, so
    /// that what it decides is decided at the last moment).</summary>
    RefUpdate Make(Repository repository);

    /// <summary>What the server said to the release; <paramref name="delivered"/> is the branch and commit the same push
    /// delivered, when the server took the change.</summary>
    void Pushed(PushOutcome release, (string Branch, string Commit)? delivered);
}
