namespace Pipelines.Locking;

/// <summary><c>--lock none</c>: every update still lands exactly once (compare-and-swap pushes), but the
/// edit-commit-push-apply sequences of concurrent jobs may interleave.</summary>
internal sealed class NoLock : IGlobalLock, ILockHandle
{
    public string Description => "no lock";

    /// <summary>Nothing is waited for, so the head an update read just before is as fresh as any.</summary>
    public bool WaitsForOthers => false;

    public Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default) => Task.FromResult<ILockHandle>(this);

    public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
