using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Files;

namespace Pipelines.Locking;

/// <summary><c>--lock file</c>: an OS file lock, for CI runners sharing one host. The kernel drops it when
/// the holder dies, so it can never be left held.</summary>
internal sealed class FileLock(string path, TimeSpan timeout, ILog log) : IGlobalLock
{
    public string Description => $"file lock {path}";

    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var mutex = await FileMutex.AcquireAsync(path, timeout, waited => log.Info($"Waiting for the file lock {path}: held by another process for {waited.TotalSeconds:0}s"), cancellationToken);
            return new Handle(mutex);
        }
        catch (TimeoutException)
        {
            throw new LockTimeoutException($"The file lock {path} stayed held for {ValueText(timeout)}; raise --lock-timeout, or find the process holding it (fuser {path}).");
        }
    }

    private static string ValueText(TimeSpan span) => span.TotalSeconds < 120 ? $"{span.TotalSeconds:0}s" : $"{span.TotalMinutes:0}m";

    private sealed class Handle(FileMutex mutex) : ILockHandle
    {
        public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

        public ValueTask DisposeAsync()
        {
            mutex.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
