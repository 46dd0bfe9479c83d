using Pipelines.ConfigRepo;

namespace Pipelines.Locking;

/// <summary>
/// A waiter's place in the queue of machines waiting for the git lock (<see cref="LockQueue"/>): its ticket, pushed once it
/// finds the lock held; the tickets it no longer counts; how long to pause between looks; whether to leave a free lock to
/// the waiter before it. Every failure here only makes the waiter poll as it did without a queue.
/// </summary>
internal sealed class LockQueuePlace(GitLock gitLock, TimeSpan staleAfter)
{
    private readonly HashSet<string> _passed = new(StringComparer.Ordinal); // tickets of holders, or of waiters that let the lock lie free
    private string? _ticket;
    private bool _refused; // the server would not take our ticket: poll without a queue

    /// <summary>Where the look at the queue's tickets is kept in the cache (the poll fetches them with the branches).</summary>
    public static string LocalPrefix(string branch) => $"refs/remotes/origin-lock-queue/{branch}/";

    public static string RefSpec(string branch) => $"+{LockQueue.Prefix(branch)}*:{LocalPrefix(branch)}*";

    /// <summary>The tickets on the server as the last poll fetched them.</summary>
    public static IReadOnlyList<string> Tickets(LibGit2Sharp.Repository repository, string branch)
    {
        var prefix = LocalPrefix(branch);
        return repository.Refs.FromGlob(prefix + "*").Select(r => r.CanonicalName[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Our place in line (0: first), or null when we have no ticket or the look did not read the queue.</summary>
    public int? Place(GitLock.Look look) =>
        _ticket is null || look.Tickets is null ? null : LockQueue.Place(look.Tickets, _ticket, _passed, gitLock.Clock.GetUtcNow(), staleAfter);

    /// <summary>A ticket whose owner holds the lock is not waiting: not counted from now on.</summary>
    public void Saw(GitLock.Look look)
    {
        if (look.State.Holder is not { } holder || look.Tickets is null) return;
        var key = "-" + LockQueue.OwnerKey(holder.Id);
        foreach (var ticket in look.Tickets.Where(t => t.EndsWith(key, StringComparison.Ordinal))) _passed.Add(ticket);
    }

    /// <summary>Joins the queue after a look that found the lock held: a ticket pointing at the lock commit seen (the server has
    /// it, so the push sends no objects). Again under the same name if the ticket is gone (a take refused after it was deleted),
    /// so that the place is kept.</summary>
    public async Task JoinAsync(GitLock.Look look, CancellationToken cancellationToken)
    {
        if (_refused || look.Head is null || look.Tickets is null) return;
        if (_ticket is not null && look.Tickets.Contains(_ticket, StringComparer.Ordinal)) return;
        var ticket = _ticket ?? LockQueue.NewTicket(gitLock.Clock.GetUtcNow(), gitLock.Owner);
        try
        {
            var taken = await gitLock.Cache.WithRepositoryAsync(repository =>
                gitLock.Cache.PushOtherRefs(repository, [(LockQueue.Prefix(gitLock.Branch) + ticket, look.Head)]), cancellationToken);
            if (taken) _ticket = ticket;
            else Refused("the server refused the ref");
        }
        catch (Exception e) when (e is GitRemoteException or LibGit2Sharp.LibGit2SharpException)
        {
            Refused(e.Message);
        }
    }

    private void Refused(string why)
    {
        _refused = true;
        gitLock.Log.Info($"Waiting for the lock without a place in its queue ({why}): looking at it every second or so.");
    }

    /// <summary>How long to leave the free lock this look found to a waiter before us in line; null: take it now. Once it has
    /// lain free that long, the tickets before ours are dead to us (their owners gave up or died, or look too slowly), and
    /// deleted with our take.</summary>
    public TimeSpan? LeaveFreeLockFor(GitLock.Look look, LockObservation seen)
    {
        if (Place(look) is not > 0) return null;
        var free = gitLock.Clock.GetElapsedTime(seen.SinceTimestamp);
        if (free < LockQueue.Yield) return LockQueue.Yield - free;
        foreach (var ticket in look.Tickets!.Where(t => string.CompareOrdinal(t, _ticket) < 0)) _passed.Add(ticket);
        return null;
    }

    /// <summary>The pause before the next look, by our place in line and how long the lock commit has been unchanged
    /// (<paramref name="seen"/>); null without a place.</summary>
    public TimeSpan? Pause(GitLock.Look look, LockObservation seen) =>
        Place(look) is { } place ? LockQueue.PauseAt(place, gitLock.Clock.GetElapsedTime(seen.SinceTimestamp)) : null;

    /// <summary>Tickets to delete in the push that takes the lock: ours, and those of the look that are stale or passed.</summary>
    public IReadOnlyList<string> ToDeleteWithTake(GitLock.Look look)
    {
        var now = gitLock.Clock.GetUtcNow();
        return (look.Tickets ?? [])
            .Where(t => t == _ticket || _passed.Contains(t) || LockQueue.IsStale(t, now, staleAfter))
            .Take(20) // a long backlog of dead tickets goes over several takes
            .Select(t => LockQueue.Prefix(gitLock.Branch) + t)
            .ToList();
    }

    /// <summary>The lock is ours: our ticket went with the take.</summary>
    public void Taken() => _ticket = null;

    /// <summary>Leaves the queue without the lock (timeout, deadline, failure): our ticket deleted, as best we can.</summary>
    public async Task LeaveAsync()
    {
        if (_ticket is not { } ticket) return;
        _ticket = null;
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await gitLock.Cache.WithRepositoryAsync(repository =>
                gitLock.Cache.PushOtherRefs(repository, [(LockQueue.Prefix(gitLock.Branch) + ticket, null)]), quick.Token);
        }
        catch (Exception e) when (e is GitRemoteException or LibGit2Sharp.LibGit2SharpException or OperationCanceledException or CacheBusyException)
        {
            // Left behind, it goes stale; meanwhile waiters behind it leave the free lock to it for a moment only.
        }
    }
}
