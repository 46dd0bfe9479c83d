namespace Pipelines.Locking;

/// <summary>
/// The global lock that serialises whole releases (edit, commit, push, apply) across CI jobs on
/// different machines. Taken only when there is something to commit.
/// </summary>
public interface IGlobalLock
{
    /// <summary>What and where, for messages: "git branch pipelines-lock of git://host/config".</summary>
    string Description { get; }

    /// <summary>Waits until the lock is ours, reporting who holds it meanwhile; throws <see cref="LockTimeoutException"/>.</summary>
    Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default);
}

/// <summary>A held lock. Disposing releases it.</summary>
public interface ILockHandle : IAsyncDisposable
{
    /// <summary>False when another holder took the lock over (ours expired): stop before pushing.</summary>
    Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default);
}
