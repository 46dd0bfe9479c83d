using LibGit2Sharp;
using Pipelines.ConfigRepo;

namespace Pipelines.Locking;

/// <summary>
/// The git lock acquired by a job of this machine's queue (<see cref="MachineQueuedLock"/>): its looks at the lock branch
/// while the job ahead keeps its place, and taking the lock from the handoff that job left — a "free" commit, onto which a
/// lock commit of ours is pushed without asking the server first, or a lock commit held for the queue, which is ours without
/// a push. Commits the handoff names that this cache lacks (another workspace pushed them) are copied from the cache that
/// pushed them (<see cref="NeighbourCache"/>), else fetched.
/// </summary>
internal sealed class GitQueuedAcquisition(GitLock gitLock, Func<bool> nextJobWaiting) : IQueuedAcquisition
{
    private readonly long _started = gitLock.Clock.GetTimestamp();
    private readonly Dictionary<string, LockCommit> _known = new(); // lock commits already read, by id
    private LockObservation? _seen;
    private LockObservation? _stuck; // what the look that found the job ahead stuck saw, and since when

    // Rarely: one poller per machine is the queue's point.
    public TimeSpan LookEvery => TimeSpan.FromTicks(Math.Clamp(gitLock.Ttl.Ticks / 6, TimeSpan.TicksPerSecond, 10 * TimeSpan.TicksPerSecond));

    // The lock branch unchanged for a whole TTL by our own clock — held and not renewed, or free and not taken by the job
    // ahead — means that job is stuck, as a waiter on another machine would judge it.
    public async Task<string?> LookAsync(CancellationToken cancellationToken)
    {
        GitLock.Look look;
        try
        {
            look = await gitLock.LookAsync(_known, cancellationToken);
        }
        catch (GitRemoteException e) when (e.IsTransient)
        {
            gitLock.Log.Warn($"Could not ask the server about the lock ({e.Message}); asking again.");
            return null;
        }
        var now = gitLock.Clock.GetTimestamp();
        _seen = LockRules.Observe(_seen, look.Head, now);
        var ttl = look.State.IsFree ? gitLock.Ttl : look.State.Ttl;
        if (gitLock.Clock.GetElapsedTime(_seen.SinceTimestamp, now) < ttl) return null;
        _stuck = _seen;
        return look.State.IsFree
            ? $"The lock stayed free for {GitLock.Seconds(ttl)} while the job ahead of this one on this machine held its place in the queue: it is stuck; going for the lock without it."
            : $"The lock, held by {look.State.Holder!.Describe()}, stayed unchanged for its whole TTL of {GitLock.Seconds(ttl)} while this job was queued on this machine; going for it without the queue.";
    }

    public async Task<ILockHandle> AcquireAsync(MachineHandoff? handoff, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gitLock.Stopping);
        var handle = handoff switch
        {
            null => null,
            { HeldForQueue: true } => await TakeHeldForQueueAsync(handoff, linked.Token),
            _ => await TakeHandedOverAsync(handoff, linked.Token),
        };
        // A job that left the queue goes on from what its looks saw, so that the lock's TTL is not waited for twice.
        return handle ?? await gitLock.AcquireRemoteAsync(_started, _stuck, nextJobWaiting, linked.Token);
    }

    // The job before us in this machine's queue freed the lock with this commit: push ours straight onto it. Refused
    // (someone took the lock since, or this cache lacks the commit): ask the server as usual.
    private async Task<GitLockHandle?> TakeHandedOverAsync(MachineHandoff handoff, CancellationToken cancellationToken)
    {
        var acquired = await gitLock.Cache.WithRepositoryAsync(repository =>
        {
            if (!HasHandedOverCommits(repository, handoff)) return null;
            var commit = gitLock.CreateLockCommit(repository, handoff.Commit, new LockCommit(gitLock.Owner, gitLock.Ttl).Format());
            return gitLock.Push(repository, commit) ? commit : null;
        }, cancellationToken);
        if (acquired is null) return null;
        gitLock.Log.Info($"Lock taken ({gitLock.Description}), handed over by the previous job on this machine.");
        // Nobody held the lock since that job freed it, so the branch heads it pushed are still the remote's.
        return new GitLockHandle(gitLock, acquired, handoff.BranchHeads, nextJobWaiting);
    }

    // The job before us pushed a lock commit held for this machine's queue: the lock is ours without a push. Nobody may
    // take a held lock over before seeing it unchanged for a whole TTL (the TTL written in that commit), so a handoff
    // younger than a sixth of it is the lock's state. Its age is taken once the commits are here: getting the cache,
    // and copying (from the cache that pushed them) or fetching them, can take a while; fetched from the server, the
    // lock branch must still be at that commit. A commit written with another TTL than ours (another --lock-ttl) is
    // taken the usual way instead: a lock commit of ours pushed onto it, a compare-and-swap.
    private async Task<GitLockHandle?> TakeHeldForQueueAsync(MachineHandoff handoff, CancellationToken cancellationToken)
    {
        if (Age(handoff) > gitLock.Ttl / 6) return null;
        var taken = await gitLock.Cache.WithRepositoryAsync(repository =>
        {
            if (!HasHandedOverCommits(repository, handoff))
            {
                gitLock.Cache.FetchAllBranches(repository);
                if (repository.Refs[ObjectCache.TrackingRef(gitLock.Branch)]?.ResolveToDirectReference()?.TargetIdentifier != handoff.Commit) return null;
            }
            if (Seconds(LockCommit.Parse(repository.Lookup<Commit>(handoff.Commit).Message).Ttl) == Seconds(gitLock.Ttl)) return handoff.Commit;
            var ours = gitLock.CreateLockCommit(repository, handoff.Commit, new LockCommit(gitLock.Owner, gitLock.Ttl).Format());
            return gitLock.Push(repository, ours) ? ours : null;
        }, cancellationToken);
        if (taken is null) return null;
        var held = taken == handoff.Commit;
        var age = Age(handoff);
        if (held && age > gitLock.Ttl / 6) return null;
        gitLock.Log.Info($"Lock taken ({gitLock.Description}), handed over by the previous job on this machine.");
        // A held commit names the machine's queue, not us: a first renewal within a second names us to anyone waiting.
        return held
            ? new GitLockHandle(gitLock, taken, handoff.BranchHeads, nextJobWaiting, age, firstRenewal: TimeSpan.FromSeconds(1))
            : new GitLockHandle(gitLock, taken, handoff.BranchHeads, nextJobWaiting);

        static long Seconds(TimeSpan ttl) => (long)ttl.TotalSeconds;
    }

    private TimeSpan Age(MachineHandoff handoff) => TimeSpan.FromTicks(Math.Max(0, (gitLock.Clock.GetUtcNow() - handoff.At).Ticks));

    // The handoff's lock commit and branch heads are in this cache, copied if need be from the cache that pushed them.
    private static bool HasHandedOverCommits(Repository repository, MachineHandoff handoff)
    {
        bool All() => repository.Lookup<Commit>(handoff.Commit) is not null && handoff.BranchHeads.Values.All(head => repository.Lookup<Commit>(head) is not null);
        return All() || (handoff.From is { } from && NeighbourCache.CopyInto(repository, from) && All());
    }
}
