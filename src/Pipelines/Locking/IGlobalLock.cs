using Pipelines.ConfigRepo;

namespace Pipelines.Locking;

/// <summary>
/// The global lock that serialises whole releases (edit, commit, push, apply) across CI jobs on
/// different machines. Taken only when there is something to commit. The config repo's update loop
/// holds it as the <see cref="IUpdateLock"/> it defines; every global lock is one.
/// </summary>
public interface IGlobalLock : IUpdateLock
{
    /// <summary>Waits until the lock is ours, reporting who holds it meanwhile; throws <see cref="LockTimeoutException"/>.</summary>
    Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default);

    bool IUpdateLock.WaitsForOthers => true;

    async Task<IHeldUpdateLock> IUpdateLock.TakeAsync(CancellationToken cancellationToken) => await AcquireAsync(cancellationToken);
}

/// <summary>A held lock. Disposing releases it. Only a lock kept in the config repo itself (the git lock) saw the branch
/// heads as it was taken, and can go in the push that delivers the change; the others say so by default.</summary>
public interface ILockHandle : IHeldUpdateLock
{
    IReadOnlyDictionary<string, string>? IHeldUpdateLock.HeadsWhenTaken => null;

    Task<IReleaseRef?> IHeldUpdateLock.ReleaseInPushAsync(ObjectCache cache) => Task.FromResult<IReleaseRef?>(null);
}
