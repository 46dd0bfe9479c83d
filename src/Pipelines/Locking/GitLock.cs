using LibGit2Sharp;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;

namespace Pipelines.Locking;

/// <summary>
/// <c>--lock git</c>: a branch of the config repo (default <c>pipelines-lock</c>) whose head commit says who
/// holds the lock. Acquiring pushes a child commit naming us; the server's fast-forward check makes that
/// a compare-and-swap, so of two jobs pushing on the same head exactly one wins. The holder renews
/// (a new commit) every third of its TTL while it works, and releases by pushing a "free" commit.
/// </summary>
public sealed class GitLock : IGlobalLock
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private readonly ObjectCache _cache;
    private readonly string _branch;
    private readonly LockOwner _owner;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _timeout;
    private readonly ILog _log;
    private readonly TimeProvider _clock;
    private readonly string? _machineQueue;

    /// <param name="machineQueue">An OS file lock that processes of this machine wanting this git lock queue on first, so
    /// that one of them at a time polls the server (<see cref="MachineQueuePath"/>); null: none.</param>
    public GitLock(ObjectCache cache, string branch, LockOwner owner, TimeSpan ttl, TimeSpan timeout, ILog log, TimeProvider? clock = null,
        string? machineQueue = null)
    {
        _machineQueue = machineQueue;
        _cache = cache;
        _branch = branch;
        _owner = owner;
        _ttl = ttl;
        _timeout = timeout;
        _log = log;
        _clock = clock ?? TimeProvider.System;
    }

    public string Description => $"git branch {_branch} of {_cache.Remote.Display}";

    /// <summary>Cancelled when the run passes its deadline (<c>--deadline</c>): waiting for the lock stops, and a held lock
    /// stops being renewed and is given up, so that a job that cannot finish does not hold every other job back.</summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>When the lock branch is this many commits long, a release restarts it with a new root commit
    /// (<see cref="LockBranchHistory"/>).</summary>
    public int RestartAfter { get; init; } = 300;

    /// <summary>The machine-wide queue file for a lock branch of a remote: the same for every workspace of this user.</summary>
    public static string MachineQueuePath(RemoteUrl remote, string branch)
    {
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(remote.Value + "\n" + branch)))[..16];
        // Per user: a folder another user made in a shared /tmp would not let us create files in it.
        return Path.Combine(Path.GetTempPath(), $"pipelines-locks-{Environment.UserName}", $"git-{key}.queue");
    }

    // Every waiter polls the server (ls-remote), and a git server starts a process per poll: with many jobs on one
    // machine waiting, the polls cost more than the work. So jobs of one machine queue on a local file lock first
    // (the kernel frees it when a process dies), and only the head of that queue polls; it keeps its place until
    // it releases the git lock, so the next one finds the lock free at its first poll.
    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        return await AcquireWithinAsync(linked.Token);
    }

    private async Task<ILockHandle> AcquireWithinAsync(CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        FileMutex? queued = null;
        LockObservation? seen = null;
        if (_machineQueue is not null)
        {
            queued = await TryQueueAtOnceAsync(_machineQueue, cancellationToken);
            if (queued is null)
            {
                _log.Info($"Queued behind another job on this machine that is waiting for or holding the lock ({Description}).");
                // Registered while waiting: the job before us then hands the lock over held, instead of freeing it.
                using var waiting = MachineQueueWaiters.Register(_machineQueue);
                (queued, seen) = await WaitInMachineQueueAsync(_machineQueue, started, cancellationToken);
            }
        }
        try
        {
            var handoff = queued is null ? null : TakeHandoff(queued);
            var handle = handoff switch
            {
                null => null,
                { HeldForQueue: true } => await TakeHeldForQueueAsync(handoff, cancellationToken),
                _ => await TakeHandedOverAsync(handoff, cancellationToken),
            } ?? await AcquireRemoteAsync(started, seen, cancellationToken);
            return queued is null ? handle : new QueuedHandle(handle, queued);
        }
        catch
        {
            queued?.Dispose();
            throw;
        }
    }

    // Read once: a handoff is used by the job that finds it, never again (if that job dies holding the lock, the next
    // one must ask the server, which shows who holds it).
    private MachineHandoff? TakeHandoff(FileMutex queued)
    {
        var handoff = MachineHandoff.Parse(queued.ReadText(), _clock.GetUtcNow());
        if (handoff is not null) queued.WriteText("");
        return handoff;
    }

    // The job before us in this machine's queue freed the lock with this commit: push ours straight onto it. Refused
    // (someone took the lock since, or this cache lacks the commit): ask the server as usual.
    private async Task<Handle?> TakeHandedOverAsync(MachineHandoff handoff, CancellationToken cancellationToken)
    {
        var acquired = await _cache.WithRepositoryAsync(repository =>
        {
            if (!HasHandedOverCommits(repository, handoff)) return null;
            var commit = CreateLockCommit(repository, handoff.Commit, new LockCommit(_owner, _ttl).Format());
            return Push(repository, commit) ? commit : null;
        }, cancellationToken);
        if (acquired is null) return null;
        // Nobody held the lock since that job freed it, so the branch heads it pushed are still the remote's.
        _cache.KnowHeads(handoff.BranchHeads);
        _log.Info($"Lock taken ({Description}), handed over by the previous job on this machine.");
        return new Handle(this, acquired, queued: _machineQueue is not null);
    }

    // The job before us pushed a lock commit held for this machine's queue: the lock is ours without a push. Nobody may
    // take a held lock over before seeing it unchanged for a whole TTL (the TTL written in that commit), so a handoff
    // younger than a sixth of it is the lock's state. Its age is taken once the commits are here: getting the cache,
    // and copying (from the cache that pushed them) or fetching them, can take a while; fetched from the server, the
    // lock branch must still be at that commit. A commit written with another TTL than ours (another --lock-ttl) is
    // taken the usual way instead: a lock commit of ours pushed onto it, a compare-and-swap.
    private async Task<Handle?> TakeHeldForQueueAsync(MachineHandoff handoff, CancellationToken cancellationToken)
    {
        if (Age(handoff) > _ttl / 6) return null;
        var taken = await _cache.WithRepositoryAsync(repository =>
        {
            if (!HasHandedOverCommits(repository, handoff))
            {
                _cache.FetchAllBranches(repository);
                if (repository.Refs[ObjectCache.TrackingRef(_branch)]?.ResolveToDirectReference()?.TargetIdentifier != handoff.Commit) return null;
            }
            if (Seconds(LockCommit.Parse(repository.Lookup<Commit>(handoff.Commit).Message).Ttl) == Seconds(_ttl)) return handoff.Commit;
            var ours = CreateLockCommit(repository, handoff.Commit, new LockCommit(_owner, _ttl).Format());
            return Push(repository, ours) ? ours : null;
        }, cancellationToken);
        if (taken is null) return null;
        var held = taken == handoff.Commit;
        var age = Age(handoff);
        if (held && age > _ttl / 6) return null;
        _cache.KnowHeads(handoff.BranchHeads);
        _log.Info($"Lock taken ({Description}), handed over by the previous job on this machine.");
        // A held commit names the machine's queue, not us: a first renewal within a second names us to anyone waiting.
        return held ? new Handle(this, taken, queued: true, age: age, firstRenewal: TimeSpan.FromSeconds(1)) : new Handle(this, taken, queued: true);

        static long Seconds(TimeSpan ttl) => (long)ttl.TotalSeconds;
    }

    private TimeSpan Age(MachineHandoff handoff) => TimeSpan.FromTicks(Math.Max(0, (_clock.GetUtcNow() - handoff.At).Ticks));

    // The handoff's lock commit and branch heads are in this cache, copied if need be from the cache that pushed them.
    private bool HasHandedOverCommits(Repository repository, MachineHandoff handoff)
    {
        bool All() => repository.Lookup<Commit>(handoff.Commit) is not null && handoff.BranchHeads.Values.All(head => repository.Lookup<Commit>(head) is not null);
        return All() || (handoff.From is { } from && _cache.CopyFromNeighbour(repository, from) && All());
    }

    private static async Task<FileMutex?> TryQueueAtOnceAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await FileMutex.AcquireAsync(path, TimeSpan.Zero, cancellationToken: cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // The job ahead of us in this machine's queue keeps its place until it gives the lock up. A job that is stuck (stopped,
    // hung on a call) keeps its place for ever, but not the lock: nobody elsewhere waits longer than the lock's TTL for it.
    // So a queued job judges the lock by the same rule as a waiter on another machine: it asks the server now and then
    // (rarely: one poller per machine is the queue's point), and when the lock branch has stayed unchanged for a whole
    // TTL by its own clock — held and not renewed, or free and not taken by the job ahead — it leaves the queue and goes
    // for the lock itself. Returns the queue place, or null and what it saw of the lock.
    private async Task<(FileMutex? Queued, LockObservation? Seen)> WaitInMachineQueueAsync(string queue, long started, CancellationToken cancellationToken)
    {
        var every = TimeSpan.FromTicks(Math.Clamp(_ttl.Ticks / 6, TimeSpan.TicksPerSecond, 10 * TimeSpan.TicksPerSecond));
        var lastReport = TimeSpan.Zero;
        LockObservation? seen = null;
        var known = new Dictionary<string, LockCommit>();
        while (true)
        {
            var waited = _clock.GetElapsedTime(started);
            if (waited >= _timeout)
            {
                throw new LockTimeoutException($"Another job on this machine waited for or held the lock ({Description}) for the whole --lock-timeout " +
                    $"of {Seconds(_timeout)}; raise --lock-timeout to wait longer.");
            }
            try
            {
                return (await FileMutex.AcquireAsync(queue, Min(every, _timeout - waited), cancellationToken: cancellationToken), null);
            }
            catch (TimeoutException)
            {
            }
            if (_clock.GetElapsedTime(started) - lastReport >= ReportEvery)
            {
                lastReport = _clock.GetElapsedTime(started);
                _log.Info($"Waiting for the lock ({Description}) behind another job on this machine for {Seconds(lastReport)}.");
            }
            try
            {
                var (head, state) = await ObserveAsync(known, cancellationToken);
                var now = _clock.GetTimestamp();
                seen = LockRules.Observe(seen, head, now);
                var ttl = state.IsFree ? _ttl : state.Ttl;
                if (_clock.GetElapsedTime(seen.SinceTimestamp, now) < ttl) continue;
                _log.Warn(state.IsFree
                    ? $"The lock stayed free for {Seconds(ttl)} while the job ahead of this one on this machine held its place in the queue: it is stuck; going for the lock without it."
                    : $"The lock, held by {state.Holder!.Describe()}, stayed unchanged for its whole TTL of {Seconds(ttl)} while this job was queued on this machine; going for it without the queue.");
                return (null, seen);
            }
            catch (GitRemoteException e) when (e.IsTransient)
            {
                _log.Warn($"Could not ask the server about the lock ({e.Message}); asking again.");
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // The lock branch's head (ls-remote: no fetch and no cache lock, so many waiters on one machine do not queue behind
    // each other) and the lock commit there, fetched once per head to be read.
    private async Task<(string? Head, LockCommit State)> ObserveAsync(Dictionary<string, LockCommit> known, CancellationToken cancellationToken)
    {
        var head = _cache.RemoteHead(_branch);
        if (head is null) return (null, LockCommit.Free);
        if (!known.TryGetValue(head, out var state))
        {
            state = await _cache.WithRepositoryAsync(repository => ReadLockCommit(repository, head), cancellationToken);
            known[head] = state;
        }
        return (head, state);
    }

    private async Task<ILockHandle> AcquireRemoteAsync(long started, LockObservation? seen, CancellationToken cancellationToken)
    {
        TimeSpan? lastReport = null;
        TimeSpan? lastProblem = null;
        var pause = TimeSpan.FromMilliseconds(50);
        var known = new Dictionary<string, LockCommit>(); // lock commits already read, by id
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? head;
            LockCommit state;
            try
            {
                (head, state) = await ObserveAsync(known, cancellationToken);
            }
            catch (GitRemoteException e) when (e.IsTransient)
            {
                // A blip of the git server fails no waiter: it asks again until --lock-timeout.
                var waited = _clock.GetElapsedTime(started);
                if (waited >= _timeout)
                {
                    throw new LockTimeoutException($"Could not learn whether the lock ({Description}) is free for the whole --lock-timeout of {Seconds(_timeout)}: {e.Message}");
                }
                if (lastProblem is null || waited - lastProblem >= ReportEvery)
                {
                    lastProblem = waited;
                    _log.Warn($"Could not ask the server about the lock ({e.Message}); asking again.");
                }
                pause = TimeSpan.FromMilliseconds(Math.Min(2000, Math.Max(200, pause.TotalMilliseconds * 2)));
                await Task.Delay(pause, _clock, cancellationToken);
                continue;
            }
            var now = _clock.GetTimestamp();
            seen = LockRules.Observe(seen, head, now);
            var decision = LockRules.Decide(state, seen, now, _clock);

            if (decision is LockDecision.Take take)
            {
                if (take.TakesOverExpired)
                {
                    _log.Warn($"Taking over the lock from {state.Holder!.Describe()}: unchanged for its whole TTL of {state.Ttl.TotalSeconds:0}s.");
                }
                string? acquired;
                try
                {
                    acquired = await _cache.WithRepositoryAsync(repository =>
                    {
                        if (head is not null && repository.Lookup<Commit>(head) is null) _cache.FetchAllBranches(repository);
                        var commit = CreateLockCommit(repository, head, new LockCommit(_owner, _ttl).Format());
                        return Push(repository, commit) ? commit : null; // refused: someone else moved the head first
                    }, cancellationToken);
                }
                catch (GitRemoteException e) when (e.IsTransient && _clock.GetElapsedTime(started) < _timeout)
                {
                    // Not pushed (a push that landed despite an error counts as pushed): the next look decides again.
                    _log.Warn($"Could not push the lock commit ({e.Message}); trying again.");
                    acquired = null;
                }
                if (acquired is not null)
                {
                    _log.Info($"Lock taken ({Description}).");
                    return new Handle(this, acquired, queued: _machineQueue is not null);
                }
                pause = TimeSpan.FromMilliseconds(50);
            }
            else if (decision is LockDecision.Wait wait)
            {
                var waited = _clock.GetElapsedTime(started);
                if (waited >= _timeout)
                {
                    throw new LockTimeoutException(
                        $"The lock ({Description}) is still held by {wait.Holder.Describe()} after waiting {Seconds(waited)}. " +
                        $"It expires if unrenewed for {Seconds(wait.Ttl)}; raise --lock-timeout to wait longer.");
                }
                if (lastReport is null || waited - lastReport >= ReportEvery)
                {
                    lastReport = waited;
                    _log.Info($"Waiting for the lock: held by {wait.Holder.Describe()}, unchanged for {Seconds(wait.UnchangedFor)} of its {Seconds(wait.Ttl)} TTL.");
                }
                pause = TimeSpan.FromMilliseconds(Math.Min(1000, pause.TotalMilliseconds * 1.5));
            }
            // Jitter, so that waiters released together do not push in lockstep.
            await Task.Delay(TimeSpan.FromMilliseconds(pause.TotalMilliseconds * (0.5 + Random.Shared.NextDouble())), _clock, cancellationToken);
        }
    }

    private LockCommit ReadLockCommit(Repository repository, string head)
    {
        // Every branch, not just the lock's: a job that gets the lock next builds on the config branch without another fetch.
        if (repository.Lookup<Commit>(head) is null) _cache.FetchAllBranches(repository);
        // Fetched a newer head meanwhile? Then this one was renewed or released: read it all the same, the next poll sees the new one.
        return repository.Lookup<Commit>(head) is { } commit ? LockCommit.Parse(commit.Message) : LockCommit.Free;
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0}s";

    private string CreateLockCommit(Repository repository, string? parent, string message)
    {
        var signature = new Signature(_owner.User, $"{_owner.User}@pipelines", DateTimeOffset.Now);
        var tree = repository.ObjectDatabase.CreateTree(new TreeDefinition());
        var parents = parent is null ? [] : new[] { repository.Lookup<Commit>(parent) };
        return repository.ObjectDatabase.CreateCommit(signature, signature, message, tree, parents, prettifyMessage: false).Sha;
    }

    private bool Push(Repository repository, string commit) => _cache.PushCommit(repository, commit, _branch).Accepted;

    // The git lock, and this machine's queue place, given up after it.
    private sealed class QueuedHandle(ILockHandle inner, FileMutex queued) : ILockHandle, IReleasedWithChange
    {
        public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) => inner.IsStillHeldAsync(cancellationToken);

        public bool KeptIn(ObjectCache cache) => ((IReleasedWithChange)inner).KeptIn(cache);

        public Task<LockRelease?> PrepareReleaseAsync() => ((IReleasedWithChange)inner).PrepareReleaseAsync();

        public void ReleasePushed(bool accepted, (string Branch, string Commit)? delivered) => ((IReleasedWithChange)inner).ReleasePushed(accepted, delivered);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
                if (inner is Handle { HandOff: { } handoff }) queued.WriteText(handoff.Format());
            }
            finally
            {
                queued.Dispose();
            }
        }
    }

    private sealed class Handle : ILockHandle, IReleasedWithChange
    {
        private readonly GitLock _lock;
        private readonly bool _queued;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        private string _head;
        private volatile bool _lost;
        private bool _releasedWithChange;
        private string? _releaseCommit;  // the release being pushed, or pushed: free, or held for the next job of this machine
        private bool _heldForQueue;
        private (string Branch, string Commit)? _delivered;

        /// <summary>For the next job of this machine: how this one gave up the lock; null unless it did.</summary>
        public MachineHandoff? HandOff { get; private set; }

        private long _pushedAt;

        /// <param name="queued">Taken through this machine's queue, whose next job this one can hand the lock to.</param>
        /// <param name="age">How long ago <paramref name="head"/> was pushed (a lock handed over held).</param>
        /// <param name="firstRenewal">When to renew first; by default after a third of the TTL.</param>
        public Handle(GitLock gitLock, string head, bool queued, TimeSpan age = default, TimeSpan? firstRenewal = null)
        {
            _lock = gitLock;
            _queued = queued;
            _head = head;
            _pushedAt = gitLock._clock.GetTimestamp() - (long)(age.TotalSeconds * gitLock._clock.TimestampFrequency);
            _renewal = RenewAsync(firstRenewal);
            _deadline = gitLock.Stopping.Register(() => _ = GiveUpAsync());
        }

        private readonly CancellationTokenRegistration _deadline;
        private readonly SemaphoreSlim _releasing = new(1, 1); // the deadline's give-up and the normal release, one at a time
        private bool _done;

        // Past the run's deadline: no more renewals, the lock freed now (not after a TTL), and nothing more pushed under it.
        private async Task GiveUpAsync()
        {
            await _releasing.WaitAsync();
            try
            {
                if (_done || _lost || _releasedWithChange) return;
                await _stop.CancelAsync();
                await _renewal;
                _lost = true; // IsStillHeldAsync says no from now on: no change is pushed under a lock given up
                var released = await ReleaseAsync();
                _lock._log.Warn(DeadlineGiveUp.Said(_lock.Description, released, _lock._ttl));
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
                var released = await _lock._cache.WithRepositoryAsync(repository =>
                {
                    var head = _head; // ours, made in this cache: no fetch needed to build on it
                    var release = CreateReleaseCommit(repository, head);
                    var outcome = _lock._cache.PushCommit(repository, release.Commit, _lock._branch, release.Replaces);
                    if (outcome.Accepted || release.Replaces is null) return outcome.Accepted;
                    RestartRefused(outcome.RejectionReason ?? "");
                    return _lock.Push(repository, CreateReleaseCommit(repository, head).Commit);
                });
                if (released) Freed();
                return released;
            }
            catch (Exception e) when (e is GitRemoteException or LibGit2SharpException or CacheBusyException)
            {
                _lock._log.Warn($"Could not release the lock ({e.Message}); it expires after {_lock._ttl.TotalSeconds:0}s without renewal.");
                return false;
            }
        }

        // No waiter can take the lock over before it has seen our last lock commit unchanged for a whole TTL
        // on its own clock, so within half a TTL of that push the lock is ours without asking the server.
        public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(!_lost && (_lock._clock.GetElapsedTime(_pushedAt) < _lock._ttl / 2 || _lock._cache.RemoteHead(_lock._branch) == _head));

        // Long rollouts: a new commit every third of the TTL shows waiters the holder is alive.
        private async Task RenewAsync(TimeSpan? first)
        {
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _lock._ttl.Ticks / 3));
            var next = first ?? every;
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(next, _lock._clock, _stop.Token);
                    next = every;
                    var renewed = _lock._cache.RemoteHead(_lock._branch) != _head ? null : await _lock._cache.WithRepositoryAsync(repository =>
                    {
                        var head = _head;
                        var commit = _lock.CreateLockCommit(repository, head, new LockCommit(_lock._owner, _lock._ttl).Format("renewed"));
                        return _lock.Push(repository, commit) ? commit : null;
                    });
                    if (renewed is null)
                    {
                        _lost = true;
                        _lock._log.Warn($"The lock ({_lock.Description}) was taken over by someone else; this run stops before pushing.");
                        return;
                    }
                    _head = renewed;
                    _pushedAt = _lock._clock.GetTimestamp();
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is GitRemoteException or LibGit2SharpException)
                {
                    _lock._log.Warn($"Could not renew the lock: {e.Message}. Retrying.");
                }
            }
        }

        public bool KeptIn(ObjectCache cache) => string.Equals(Path.GetFullPath(cache.BarePath), Path.GetFullPath(_lock._cache.BarePath), StringComparison.Ordinal);

        public async Task<LockRelease?> PrepareReleaseAsync()
        {
            // A renewal racing the release would move the branch under it.
            await _stop.CancelAsync();
            await _renewal;
            if (_lost) return null;
            var head = _head; // ours, made in this cache
            return new LockRelease(_lock._branch, repository => CreateReleaseCommit(repository, head), RestartRefused);
        }

        private bool _restartRefused;

        // Other jobs of this machine waiting: the lock stays held, for the next of them, which then pushes nothing to
        // take it. Otherwise it is freed. A lock branch grown long starts again from a new root commit.
        private LockReleaseCommit CreateReleaseCommit(Repository repository, string head)
        {
            _heldForQueue = _queued && MachineQueueWaiters.AnyWaiting(_lock._machineQueue!);
            var message = _heldForQueue ? new LockCommit(LockOwner.NextQueuedJob(Environment.MachineName), _lock._ttl).Format() : LockCommit.Free.Format();
            var restart = !_restartRefused && !LockBranchHistory.RestartRefusedRecently(_lock._cache.Folder) && LockBranchHistory.IsLong(repository, head, _lock.RestartAfter);
            _releaseCommit = _lock.CreateLockCommit(repository, restart ? null : head, message);
            return new LockReleaseCommit(_releaseCommit, restart ? head : null);
        }

        // The server refused the restarted lock branch. Because the lock moved (the lease did not hold), or because it
        // refuses such updates on this branch: then the branch grows as before, and this cache does not try for a day.
        private void RestartRefused(string reason)
        {
            if (_restartRefused) return;
            _restartRefused = true;
            if (reason.Contains(" on the server, not ", StringComparison.Ordinal)) return; // the lease: the lock moved, not a policy
            LockBranchHistory.RememberRestartRefused(_lock._cache.Folder, reason);
            _lock._log.Info($"The server refused to restart the lock branch {_lock._branch} with a new root commit ({reason}); it keeps its history.");
        }

        private string ReleasedMessage => _heldForQueue ? "Lock handed over to the next job queued on this machine" : "Lock released";

        public void ReleasePushed(bool accepted, (string Branch, string Commit)? delivered)
        {
            if (!accepted) return;
            _releasedWithChange = true;
            _delivered = delivered;
            _lock._log.Info($"{ReleasedMessage} (in the same push as the change).");
        }

        private void Freed() => HandOff = new MachineHandoff(_lock._clock.GetUtcNow(), _releaseCommit!,
            _delivered is { } d ? new Dictionary<string, string> { [d.Branch] = d.Commit } : new Dictionary<string, string>(), _heldForQueue,
            Path.GetFullPath(_lock._cache.BarePath));

        public async ValueTask DisposeAsync()
        {
            await _deadline.DisposeAsync();
            await _releasing.WaitAsync();
            try
            {
                if (_done) return;
                _done = true;
                await _stop.CancelAsync();
                await _renewal;
                if (_releasedWithChange) Freed();
                if (_lost || _releasedWithChange) return;
                var released = await ReleaseAsync();
                if (released) _lock._log.Info($"{ReleasedMessage}.");
                else if (HandOff is null && !_lost) _lock._log.Warn($"The lock ({_lock.Description}) was no longer ours to release.");
            }
            finally
            {
                _releasing.Release();
            }
        }
    }
}
