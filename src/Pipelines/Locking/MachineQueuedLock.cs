using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Files;

namespace Pipelines.Locking;

/// <summary>
/// Jobs of one machine queue for a global lock on a local file lock first (the kernel frees it when a process dies), so that
/// one of them at a time waits for the lock itself. Every waiter of the git lock polls the server, and a git server starts a
/// process per poll: with many jobs of one machine waiting, the polls cost more than the work. The head of the queue keeps its
/// place until it has given the lock up, so the next one finds it free at its first look — or handed over: a lock that can be
/// (<see cref="IHandedOverLock"/>) leaves a <see cref="MachineHandoff"/> in the queue file, and the next job takes it from there
/// without asking the server first.
/// </summary>
/// <param name="queue">The queue file (<see cref="PathFor"/>).</param>
/// <param name="timeout">How long to wait in the queue and for the lock together (<c>--lock-timeout</c>).</param>
internal sealed class MachineQueuedLock(IGlobalLock inner, string queue, TimeSpan timeout, ILog log, TimeProvider? clock = null) : IGlobalLock
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Description => inner.Description;

    /// <summary>Cancelled when the run passes its deadline (<c>--deadline</c>): waiting in the queue stops.</summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>The machine-wide queue file for a lock branch of a remote: the same for every workspace of this user.</summary>
    public static string PathFor(RemoteUrl remote, string branch)
    {
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(remote.Value + "\n" + branch)))[..16];
        // Per user: a folder another user made in a shared /tmp would not let us create files in it.
        return Path.Combine(Path.GetTempPath(), $"pipelines-locks-{Environment.UserName}", $"git-{key}.queue");
    }

    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        var started = _clock.GetTimestamp();
        FileMutex? place = null;
        // Only a job that holds its place has a next job to hand the lock to: one that left the queue frees the lock.
        var acquisition = (inner as IHandedOverLock)?.Queued(() => place is not null && MachineQueueWaiters.AnyWaiting(queue));
        place = await TryQueueAtOnceAsync(linked.Token);
        if (place is null)
        {
            log.Info($"Queued behind another job on this machine that is waiting for or holding the lock ({Description}).");
            // Registered while waiting: the job before us then hands the lock over held, instead of freeing it.
            using var waiting = MachineQueueWaiters.Register(queue);
            place = await WaitInQueueAsync(acquisition, started, linked.Token);
        }
        try
        {
            var handle = acquisition is null ? await inner.AcquireAsync(linked.Token) : await acquisition.AcquireAsync(TakeHandoff(place), linked.Token);
            return place is null ? handle : new QueuedHandle(handle, place);
        }
        catch
        {
            place?.Dispose();
            throw;
        }
    }

    private async Task<FileMutex?> TryQueueAtOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await FileMutex.AcquireAsync(queue, TimeSpan.Zero, cancellationToken: cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // The place in the queue, or null when the lock's own rule says the job ahead is stuck: then the job goes for the lock
    // without the queue.
    private async Task<FileMutex?> WaitInQueueAsync(IQueuedAcquisition? acquisition, long started, CancellationToken cancellationToken)
    {
        var every = acquisition?.LookEvery ?? ReportEvery;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var waited = _clock.GetElapsedTime(started);
            if (waited >= timeout)
            {
                throw new LockTimeoutException($"Another job on this machine waited for or held the lock ({Description}) for the whole --lock-timeout " +
                    $"of {Seconds(timeout)}; raise --lock-timeout to wait longer.");
            }
            try
            {
                return await FileMutex.AcquireAsync(queue, Min(every, timeout - waited), cancellationToken: cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            if (_clock.GetElapsedTime(started) - lastReport >= ReportEvery)
            {
                lastReport = _clock.GetElapsedTime(started);
                log.Info($"Waiting for the lock ({Description}) behind another job on this machine for {Seconds(lastReport)}.");
            }
            if (acquisition is not null && await acquisition.LookAsync(cancellationToken) is { } stuck)
            {
                log.Warn(stuck);
                return null;
            }
        }
    }

    // Read once: a handoff is used by the job that finds it, never again (if that job dies holding the lock, the next one must
    // ask the server, which shows who holds it).
    private MachineHandoff? TakeHandoff(FileMutex? place)
    {
        if (place is null) return null;
        var handoff = MachineHandoff.Parse(place.ReadText(), _clock.GetUtcNow());
        if (handoff is not null) place.WriteText("");
        return handoff;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0}s";

    // The lock, and this machine's queue place given up after it, leaving how the lock went for the next job of the queue.
    private sealed class QueuedHandle(ILockHandle inner, FileMutex place) : ILockHandle
    {
        public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) => inner.IsStillHeldAsync(cancellationToken);

        public IReadOnlyDictionary<string, string>? HeadsWhenTaken => inner.HeadsWhenTaken;

        public Task<IReleaseRef?> ReleaseInPushAsync(ObjectCache cache) => inner.ReleaseInPushAsync(cache);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
                if (inner is IHandingOver { HandOff: { } handoff }) place.WriteText(handoff.Format());
            }
            finally
            {
                place.Dispose();
            }
        }
    }
}
