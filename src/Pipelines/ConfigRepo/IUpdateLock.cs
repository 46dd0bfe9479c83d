namespace Pipelines.ConfigRepo;

/// <summary>
/// The global lock as <see cref="ConfigRepository.UpdateAsync"/> holds it, in the compare-and-swap loop's own terms. The
/// config repo defines it and knows no lock: the locks (<c>Pipelines.Locking</c>) implement it. So the dependency runs one
/// way, Locking on ConfigRepo (the git lock is a branch of the config repo, kept in its object cache), never back.
/// </summary>
public interface IUpdateLock
{
    /// <summary>What and where, for messages: "git branch pipelines-lock of git://host/config".</summary>
    string Description { get; }

    /// <summary>Whether taking it can mean waiting while other jobs push: the branch is then read again once it is held. False
    /// only for no lock at all, where nothing is waited for and the head read just before is as fresh as any.</summary>
    bool WaitsForOthers { get; }

    /// <summary>Waits until the lock is ours; throws when it cannot be had in time.</summary>
    Task<IHeldUpdateLock> TakeAsync(CancellationToken cancellationToken);
}

/// <summary>A held lock, as the update loop uses it. Disposing releases it (and pushes nothing when it went with the change).</summary>
public interface IHeldUpdateLock : IAsyncDisposable
{
    /// <summary>False when another holder took the lock over (ours expired): stop before pushing.</summary>
    Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default);

    /// <summary>The remote's branch heads (by branch name) as the lock saw them when it was taken, or null. Jobs that respect
    /// the lock push their change before, or with, freeing it, so these are current, and the loop builds on them without a
    /// fetch when the cache has the commit. A job pushing without the lock can make them stale; the push's lease catches that
    /// like any moved branch.</summary>
    IReadOnlyDictionary<string, string>? HeadsWhenTaken { get; }

    /// <summary>How to free the lock in the push that delivers the change from <paramref name="cache"/>, one push instead of two;
    /// null when it cannot be (a lock that is no ref of that remote, or no longer ours). The lock stops being renewed: nothing
    /// but that push follows under it.</summary>
    Task<IReleaseRef?> ReleaseInPushAsync(ObjectCache cache);
}
