using LibGit2Sharp;
using Pipelines.ConfigRepo;

namespace Pipelines.Locking;

/// <summary>
/// The git lock while held: renewed every third of its TTL, given up at the run's deadline, and released by a "free" commit —
/// in the push that delivers the change (<see cref="IReleaseRef"/>) when nothing follows under the lock, else a push of its
/// own. When the next job of this machine's queue waits, the release is a lock commit held for that job instead, which then
/// takes the lock without pushing (<see cref="HandOff"/>). A lock branch grown long restarts from a new root commit.
/// </summary>
internal sealed class GitLockHandle : ILockHandle, IReleaseRef, IHandingOver
{
    private readonly GitLock _lock;
    private readonly Func<bool>? _nextJobWaiting;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private readonly CancellationTokenRegistration _deadline;
    private readonly SemaphoreSlim _releasing = new(1, 1); // the deadline's give-up and the normal release, one at a time
    private string _head;
    private long _pushedAt;
    private volatile bool _lost;
    private bool _done;
    private bool _releasedWithChange;
    private string? _releaseCommit;  // the release being pushed, or pushed: free, or held for the next job of this machine
    private bool _heldForQueue;
    private bool _releaseRewrites; // the release restarts the lock branch with a new root commit
    private bool _restartRefused;
    private (string Branch, string Commit)? _delivered;

    /// <param name="head">Our lock commit on the lock branch.</param>
    /// <param name="headsWhenTaken">The remote's branch heads as they were when the lock was taken.</param>
    /// <param name="nextJobWaiting">Whether the next job of this machine's queue waits; null: not taken through the queue.</param>
    /// <param name="age">How long ago <paramref name="head"/> was pushed (a lock handed over held).</param>
    /// <param name="firstRenewal">When to renew first; by default after a third of the TTL.</param>
    public GitLockHandle(GitLock gitLock, string head, IReadOnlyDictionary<string, string> headsWhenTaken, Func<bool>? nextJobWaiting,
        TimeSpan age = default, TimeSpan? firstRenewal = null)
    {
        _lock = gitLock;
        _head = head;
        HeadsWhenTaken = headsWhenTaken;
        _nextJobWaiting = nextJobWaiting;
        _pushedAt = gitLock.Clock.GetTimestamp() - (long)(age.TotalSeconds * gitLock.Clock.TimestampFrequency);
        _renewal = RenewAsync(firstRenewal);
        _deadline = gitLock.Stopping.Register(() => _ = GiveUpAsync());
    }

    public IReadOnlyDictionary<string, string> HeadsWhenTaken { get; }

    public MachineHandoff? HandOff { get; private set; }

    // No waiter can take the lock over before it has seen our last lock commit unchanged for a whole TTL
    // on its own clock, so within half a TTL of that push the lock is ours without asking the server.
    public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(!_lost && (_lock.Clock.GetElapsedTime(_pushedAt) < _lock.Ttl / 2 || _lock.Cache.RemoteHead(_lock.Branch) == _head));

    // Long rollouts: a new commit every third of the TTL shows waiters the holder is alive.
    private async Task RenewAsync(TimeSpan? first)
    {
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _lock.Ttl.Ticks / 3));
        var next = first ?? every;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(next, _lock.Clock, _stop.Token);
                next = every;
                var renewed = _lock.Cache.RemoteHead(_lock.Branch) != _head ? null : await _lock.Cache.WithRepositoryAsync(repository =>
                {
                    var commit = _lock.CreateLockCommit(repository, _head, new LockCommit(_lock.Owner, _lock.Ttl).Format("renewed"));
                    return _lock.Push(repository, commit) ? commit : null;
                });
                if (renewed is null)
                {
                    _lost = true;
                    _lock.Log.Warn($"The lock ({_lock.Description}) was taken over by someone else; this run stops before pushing.");
                    return;
                }
                _head = renewed;
                _pushedAt = _lock.Clock.GetTimestamp();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is GitRemoteException or LibGit2SharpException)
            {
                _lock.Log.Warn($"Could not renew the lock: {e.Message}. Retrying.");
            }
        }
    }

    // The lock's commits live in its cache, so the push carrying both must go from there.
    public async Task<IReleaseRef?> ReleaseInPushAsync(ObjectCache cache)
    {
        if (!string.Equals(Path.GetFullPath(cache.BarePath), Path.GetFullPath(_lock.Cache.BarePath), StringComparison.Ordinal)) return null;
        // A renewal racing the release would move the branch under it.
        await StopRenewingAsync();
        return _lost ? null : this;
    }

    public RefUpdate Make(Repository repository) => CreateRelease(repository);

    public void Pushed(PushOutcome release, (string Branch, string Commit)? delivered)
    {
        if (!release.Accepted)
        {
            // Still ours, to be released alone. Only a restart can be refused for what it is rather than because the lock moved.
            if (_releaseRewrites) RestartRefused(release.RejectionReason ?? "");
            return;
        }
        _releasedWithChange = true;
        _delivered = delivered;
        _lock.Log.Info($"{ReleasedMessage} (in the same push as the change).");
    }

    private async Task StopRenewingAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
    }

    // Past the run's deadline: no more renewals, the lock freed now (not after a TTL), and nothing more pushed under it.
    private async Task GiveUpAsync()
    {
        await _releasing.WaitAsync();
        try
        {
            if (_done || _lost || _releasedWithChange) return;
            await StopRenewingAsync();
            _lost = true; // IsStillHeldAsync says no from now on: no change is pushed under a lock given up
            var released = await ReleaseAsync();
            _lock.Log.Warn(DeadlineGiveUp.Said(_lock.Description, released, _lock.Ttl));
        }
        finally
        {
            _releasing.Release();
        }
    }

    private async Task<bool> ReleaseAsync()
    {
        try
        {
            // A child of our last lock commit: if someone took the lock over meanwhile, the server refuses it as
            // not a fast-forward, so no separate look at the remote head is needed first.
            var released = await _lock.Cache.WithRepositoryAsync(repository =>
            {
                var release = CreateRelease(repository);
                var outcome = _lock.Cache.Push(repository, release);
                if (outcome.Accepted || !release.Rewrites) return outcome.Accepted;
                RestartRefused(outcome.RejectionReason ?? "");
                return _lock.Cache.Push(repository, CreateRelease(repository)).Accepted;
            });
            if (released) Freed();
            return released;
        }
        catch (Exception e) when (e is GitRemoteException or LibGit2SharpException or CacheBusyException)
        {
            _lock.Log.Warn($"Could not release the lock ({e.Message}); it expires after {_lock.Ttl.TotalSeconds:0}s without renewal.");
            return false;
        }
    }

    // Other jobs of this machine waiting: the lock stays held, for the next of them, which then pushes nothing to take it.
    // Otherwise it is freed. A lock branch grown long starts again from a new root commit, pushed with a lease on our head.
    private RefUpdate CreateRelease(Repository repository)
    {
        var head = _head; // ours, made in this cache: no fetch needed to build on it
        _heldForQueue = _nextJobWaiting?.Invoke() == true;
        var message = _heldForQueue ? new LockCommit(LockOwner.NextQueuedJob(Environment.MachineName), _lock.Ttl).Format() : LockCommit.Free.Format();
        var restart = !_restartRefused && !LockBranchHistory.RestartRefusedRecently(_lock.Cache.Folder) && LockBranchHistory.IsLong(repository, head, _lock.RestartAfter);
        _releaseCommit = _lock.CreateLockCommit(repository, restart ? null : head, message);
        _releaseRewrites = restart;
        return new RefUpdate(_lock.Branch, _releaseCommit, Lease: restart ? head : null, Rewrites: restart);
    }

    // The server refused the restarted lock branch. Because the lock moved (the lease did not hold), or because it
    // refuses such updates on this branch: then the branch grows as before, and this cache does not try for a day.
    private void RestartRefused(string reason)
    {
        if (_restartRefused) return;
        _restartRefused = true;
        if (reason.Contains(" on the server, not ", StringComparison.Ordinal)) return; // the lease: the lock moved, not a policy
        LockBranchHistory.RememberRestartRefused(_lock.Cache.Folder, reason);
        _lock.Log.Info($"The server refused to restart the lock branch {_lock.Branch} with a new root commit ({reason}); it keeps its history.");
    }

    private string ReleasedMessage => _heldForQueue ? "Lock handed over to the next job queued on this machine" : "Lock released";

    private void Freed() => HandOff = new MachineHandoff(_lock.Clock.GetUtcNow(), _releaseCommit!,
        _delivered is { } d ? new Dictionary<string, string> { [d.Branch] = d.Commit } : new Dictionary<string, string>(), _heldForQueue,
        Path.GetFullPath(_lock.Cache.BarePath));

    public async ValueTask DisposeAsync()
    {
        await _deadline.DisposeAsync();
        await _releasing.WaitAsync();
        try
        {
            if (_done) return;
            _done = true;
            await StopRenewingAsync();
            if (_releasedWithChange) Freed();
            if (_lost || _releasedWithChange) return;
            var released = await ReleaseAsync();
            if (released) _lock.Log.Info($"{ReleasedMessage}.");
            else if (HandOff is null && !_lost) _lock.Log.Warn($"The lock ({_lock.Description}) was no longer ours to release.");
        }
        finally
        {
            _releasing.Release();
        }
    }
}
