namespace Pipelines.Locking;

/// <summary>What a waiter has seen of the lock branch: its head, and since when by the waiter's own clock.</summary>
internal sealed record LockObservation(string? Head, long SinceTimestamp);

internal abstract record LockDecision
{
    /// <summary>Push a commit naming ourselves on top of the observed head.</summary>
    public sealed record Take(bool TakesOverExpired) : LockDecision;

    public sealed record Wait(LockOwner Holder, TimeSpan UnchangedFor, TimeSpan Ttl) : LockDecision;
}

/// <summary>
/// The lock's rules, pure. Free, or never taken: take it. Held: wait — unless the lock commit has stayed
/// unchanged for a whole TTL by the waiter's own clock (as Kubernetes leader election judges a lease),
/// never by the holder's clock, which may be wrong; a holder that renews moves the head and restarts it.
/// </summary>
internal static class LockRules
{
    public static LockObservation Observe(LockObservation? previous, string? head, long now) =>
        previous is not null && previous.Head == head ? previous : new LockObservation(head, now);

    public static LockDecision Decide(LockCommit state, LockObservation observation, long now, TimeProvider clock)
    {
        if (state.IsFree) return new LockDecision.Take(false);
        var unchangedFor = clock.GetElapsedTime(observation.SinceTimestamp, now);
        return unchangedFor >= state.Ttl ? new LockDecision.Take(true) : new LockDecision.Wait(state.Holder!, unchangedFor, state.Ttl);
    }
}
