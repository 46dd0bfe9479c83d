using System.Diagnostics;
using Pipelines.Locking;

namespace Pipelines.Server.Metrics;

/// <summary>The global lock, timing how long each acquisition waited (<c>pipelines_lock_wait_seconds</c>).</summary>
internal sealed class TimedLock(IGlobalLock inner, ServerMetrics metrics) : IGlobalLock
{
    public string Description => inner.Description;

    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.AcquireAsync(cancellationToken);
        }
        finally
        {
            metrics.LockWaited(Stopwatch.GetElapsedTime(started));
        }
    }
}
