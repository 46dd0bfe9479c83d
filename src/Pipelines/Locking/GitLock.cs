using LibGit2Sharp;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;

namespace Pipelines.Locking;

/// <summary>
/// <c>--lock git</c>: a branch of the config repo (default <c>pipelines-lock</c>) whose head commit says who
/// holds the lock. Acquiring pushes a child commit naming us; the server's fast-forward check makes that
/// a compare-and-swap, so of two jobs pushing on the same head exactly one wins. The holder renews
/// (a new commit) every third of its TTL while it works, and releases by pushing a "free" commit
/// (<see cref="GitLockHandle"/>). This is the remote protocol only: jobs of one machine queue for it and hand
/// it to each other through <see cref="MachineQueuedLock"/> (<see cref="GitQueuedAcquisition"/>).
/// </summary>
internal sealed class GitLock : IHandedOverLock
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _timeout;

    public GitLock(ObjectCache cache, string branch, LockOwner owner, TimeSpan ttl, TimeSpan timeout, ILog log, TimeProvider? clock = null)
    {
        Cache = cache;
        Branch = branch;
        Owner = owner;
        Ttl = ttl;
        _timeout = timeout;
        Log = log;
        Clock = clock ?? TimeProvider.System;
        // The run's fetch of the config branch brings the lock branch too, and is then the lock's first look: no round trip of
        // its own to find the lock free.
        cache.FetchAlong(branch);
    }

    public string Description => $"git branch {Branch} of {Cache.Remote.Display}";

    /// <summary>Cancelled when the run passes its deadline (<c>--deadline</c>): waiting for the lock stops, and a held lock
    /// stops being renewed and is given up, so that a job that cannot finish does not hold every other job back.</summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>When the lock branch is this many commits long, a release restarts it with a new root commit
    /// (<see cref="LockBranchHistory"/>).</summary>
    public int RestartAfter { get; init; } = 300;

    internal ObjectCache Cache { get; }

    internal string Branch { get; }

    internal LockOwner Owner { get; }

    internal TimeSpan Ttl { get; }

    internal ILog Log { get; }

    internal TimeProvider Clock { get; }

    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        return await AcquireRemoteAsync(Clock.GetTimestamp(), null, nextJobWaiting: null, linked.Token);
    }

    IQueuedAcquisition IHandedOverLock.Queued(Func<bool> nextJobWaiting) => new GitQueuedAcquisition(this, nextJobWaiting);

    /// <summary>One look at the lock: the lock branch's head and the lock commit there, and the remote's branch heads as the same
    /// fetch found them — every branch (a poll), or those the run's fetch of the config branch asked for — (the config branch's
    /// is current when the lock is found free); and the tickets of the waiters' queue (<see cref="LockQueue"/>), null when the
    /// fetch did not read them.</summary>
    internal readonly record struct Look(string? Head, LockCommit State, IReadOnlyDictionary<string, string> Heads, IReadOnlyList<string>? Tickets = null);

    // A fetch of every branch and of the waiters' queue: one connection that says where the lock is and brings what changed
    // with it — a new lock commit to read, and the config branch the job builds on if it finds the lock free. (An ls-remote
    // costs the server the same connection, and each new head then cost another to fetch: with many machines waiting, a
    // fetch per new lock commit each.) One poller per machine holds the cache's file lock for it: the others of that
    // machine queue behind it (MachineQueuedLock) and look rarely.
    internal async Task<Look> LookAsync(Dictionary<string, LockCommit> known, CancellationToken cancellationToken)
    {
        var (heads, tickets) = await Cache.WithRepositoryAsync(repository =>
        {
            Cache.FetchAllBranches(repository, LockQueuePlace.RefSpec(Branch));
            return (ObjectCache.TrackingHeads(repository), LockQueuePlace.Tickets(repository, Branch));
        }, cancellationToken);
        return await LookAtAsync(heads, known, cancellationToken) with { Tickets = tickets };
    }

    // The lock as branch heads the server advertised show it.
    private async Task<Look> LookAtAsync(IReadOnlyDictionary<string, string> heads, Dictionary<string, LockCommit> known, CancellationToken cancellationToken)
    {
        if (heads.GetValueOrDefault(Branch) is not { } head) return new Look(null, LockCommit.Free, heads);
        if (!known.TryGetValue(head, out var state))
        {
            state = await Cache.WithRepositoryAsync(repository => ReadLockCommit(repository, head), cancellationToken);
            known[head] = state;
        }
        return new Look(head, state, heads);
    }

    /// <summary>Asks the server until the lock is free, or unchanged for a whole TTL by our own clock, and pushes a lock commit
    /// naming us onto what it saw.</summary>
    /// <param name="started">When the job began waiting (in this machine's queue, perhaps): <c>--lock-timeout</c> counts from then.</param>
    /// <param name="seen">What a look while queued saw of the lock branch, and since when.</param>
    /// <param name="nextJobWaiting">Whether the next job of this machine's queue waits, as the lock is given up; null: not queued.</param>
    internal async Task<ILockHandle> AcquireRemoteAsync(long started, LockObservation? seen, Func<bool>? nextJobWaiting, CancellationToken cancellationToken)
    {
        TimeSpan? lastReport = null;
        TimeSpan? lastProblem = null;
        var pause = TimeSpan.FromMilliseconds(50);
        var known = new Dictionary<string, LockCommit>(); // lock commits already read, by id
        // The fetch that read the config branch (since the last look) saw the lock branch too: the first look, without asking
        // the server again. However old, it is safe: the lock commit is pushed onto the head it saw, a compare-and-swap, and a
        // waiter's clock for the TTL starts when it looks, not when the fetch was made.
        var fetched = Cache.TakeLastFetch() is { } last && last.Includes(Branch) ? last.Heads : null;
        // Waiting, the job queues on the server too, so that the machines waiting do not all poll often and all push for the lock
        // each time it is freed. Advice only: the lock is still what the compare-and-swap push onto the lock branch decides.
        var queue = new LockQueuePlace(this, _timeout + Ttl);
        var taken = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Look look;
                try
                {
                    var seenInFetch = fetched;
                    fetched = null;
                    look = seenInFetch is not null ? await LookAtAsync(seenInFetch, known, cancellationToken) : await LookAsync(known, cancellationToken);
                }
                catch (GitRemoteException e) when (e.IsTransient)
                {
                    // A blip of the git server fails no waiter: it asks again until --lock-timeout.
                    var waited = Clock.GetElapsedTime(started);
                    if (waited >= _timeout)
                    {
                        throw new LockTimeoutException($"Could not learn whether the lock ({Description}) is free for the whole --lock-timeout of {Seconds(_timeout)}: {e.Message}");
                    }
                    if (lastProblem is null || waited - lastProblem >= ReportEvery)
                    {
                        lastProblem = waited;
                        Log.Warn($"Could not ask the server about the lock ({e.Message}); asking again.");
                    }
                    pause = TimeSpan.FromMilliseconds(Math.Min(2000, Math.Max(200, pause.TotalMilliseconds * 2)));
                    await Task.Delay(pause, Clock, cancellationToken);
                    continue;
                }
                var (head, state, heads, _) = look;
                var now = Clock.GetTimestamp();
                seen = LockRules.Observe(seen, head, now);
                var decision = LockRules.Decide(state, seen, now, Clock);
                queue.Saw(look);

                if (decision is LockDecision.Take { TakesOverExpired: false } && queue.LeaveFreeLockFor(look, seen) is { } leave)
                {
                    // Free, and a waiter before us in line: it looks often and takes it in a moment, unless it is gone.
                    pause = queue.Pause(look, seen) is { } every && every < leave ? every : leave;
                }
                else if (decision is LockDecision.Take take)
                {
                    if (take.TakesOverExpired)
                    {
                        Log.Warn($"Taking over the lock from {state.Holder!.Describe()}: unchanged for its whole TTL of {state.Ttl.TotalSeconds:0}s.");
                    }
                    string? acquired;
                    try
                    {
                        acquired = await Cache.WithRepositoryAsync(repository =>
                        {
                            if (head is not null && repository.Lookup<Commit>(head) is null) Cache.FetchAllBranches(repository);
                            var commit = CreateLockCommit(repository, head, new LockCommit(Owner, Ttl).Format());
                            // Our ticket (and dead ones) deleted in the same push: leaving the queue costs no round trip.
                            return Cache.Push(repository, new RefUpdate(Branch, commit), queue.ToDeleteWithTake(look)).Accepted ? commit : null; // refused: someone else moved the head first
                        }, cancellationToken);
                    }
                    catch (GitRemoteException e) when (e.IsTransient && Clock.GetElapsedTime(started) < _timeout)
                    {
                        // Not pushed (a push that landed despite an error counts as pushed): the next look decides again.
                        Log.Warn($"Could not push the lock commit ({e.Message}); trying again.");
                        acquired = null;
                    }
                    if (acquired is not null)
                    {
                        taken = true;
                        queue.Taken();
                        Log.Info($"Lock taken ({Description}).");
                        // The look that found the lock free also showed the config branch; jobs that respect the lock push their
                        // change before (or with) freeing it, so that head is current now.
                        return new GitLockHandle(this, acquired, heads, nextJobWaiting);
                    }
                    // Someone else took it first, and holds it now: look again by our place in line.
                    pause = queue.Pause(look, seen) ?? TimeSpan.FromMilliseconds(50);
                }
                else if (decision is LockDecision.Wait wait)
                {
                    var waited = Clock.GetElapsedTime(started);
                    if (waited >= _timeout)
                    {
                        throw new LockTimeoutException(
                            $"The lock ({Description}) is still held by {wait.Holder.Describe()} after waiting {Seconds(waited)}. " +
                            $"It expires if unrenewed for {Seconds(wait.Ttl)}; raise --lock-timeout to wait longer.");
                    }
                    if (lastReport is null || waited - lastReport >= ReportEvery)
                    {
                        lastReport = waited;
                        Log.Info($"Waiting for the lock: held by {wait.Holder.Describe()}, unchanged for {Seconds(wait.UnchangedFor)} of its {Seconds(wait.Ttl)} TTL.");
                    }
                    await queue.JoinAsync(look, cancellationToken);
                    pause = queue.Pause(look, seen) ?? TimeSpan.FromMilliseconds(Math.Min(1000, pause.TotalMilliseconds * 1.5));
                }
                Log.Debug($"Lock {(state.IsFree ? "free" : "held")} at {head?[..7] ?? "(none)"}; place in line {queue.Place(look)?.ToString() ?? "none"}; looking again in about {pause.TotalMilliseconds:0} ms.");
                // Jitter, so that waiters released together do not push in lockstep.
                await Task.Delay(TimeSpan.FromMilliseconds(pause.TotalMilliseconds * (0.5 + Random.Shared.NextDouble())), Clock, cancellationToken);
            }
        }
        finally
        {
            if (!taken) await queue.LeaveAsync();
        }
    }

    private LockCommit ReadLockCommit(Repository repository, string head)
    {
        // Every branch, not just the lock's: a job that gets the lock next builds on the config branch without another fetch.
        if (repository.Lookup<Commit>(head) is null) Cache.FetchAllBranches(repository);
        // Fetched a newer head meanwhile? Then this one was renewed or released: read it all the same, the next poll sees the new one.
        return repository.Lookup<Commit>(head) is { } commit ? LockCommit.Parse(commit.Message) : LockCommit.Free;
    }

    internal static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0}s";

    /// <summary>A commit of the lock branch (empty tree; the message says who holds it), on <paramref name="parent"/> or, when
    /// null, a new root.</summary>
    internal string CreateLockCommit(Repository repository, string? parent, string message)
    {
        var signature = new Signature(Owner.User, $"{Owner.User}@pipelines", DateTimeOffset.Now);
        var tree = repository.ObjectDatabase.CreateTree(new TreeDefinition());
        var parents = parent is null ? [] : new[] { repository.Lookup<Commit>(parent) };
        return repository.ObjectDatabase.CreateCommit(signature, signature, message, tree, parents, prettifyMessage: false).Sha;
    }

    /// <summary>Pushes a lock commit that descends from the lock branch's head: refused when the head moved.</summary>
    internal bool Push(Repository repository, string commit) => Cache.Push(repository, new RefUpdate(Branch, commit)).Accepted;
}
