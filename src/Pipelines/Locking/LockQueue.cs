using System.Globalization;

namespace Pipelines.Locking;

/// <summary>
/// The queue of machines waiting for the git lock, kept on the server as one ref per waiter (a ticket) under
/// <c>refs/pipelines/lock-queue/&lt;lock branch&gt;/</c>, named by when it began waiting. It is advice, never the lock: the lock
/// is still taken only by a compare-and-swap push onto the lock branch, so a ticket left by a dead job, a server that refuses
/// such refs, or a job of an older version costs time, never safety. What it buys: every waiter polls the server, and a git
/// server starts a process per poll; with the queue, the first waiter in line polls often and the others rarely (by their
/// place), and a waiter that finds the lock free while another is first in line leaves it to that one for a moment, so that
/// the waiters of many machines do not all push for the lock each time it is freed (all but one refused).
/// </summary>
internal static class LockQueue
{
    /// <summary>How often the first waiter in line looks.</summary>
    public static readonly TimeSpan FirstLooksEvery = TimeSpan.FromMilliseconds(150);

    /// <summary>How long a waiter leaves a free lock to the waiter before it in line, by its own clock; a ticket that let the
    /// lock lie free that long is dead to it. A few of the first's looks: longer, and a first in line that does not know it
    /// yet (it looks rarely while further back) held the whole queue up (timelines of 16 machines: gaps of 1–2 s).</summary>
    public static readonly TimeSpan Yield = TimeSpan.FromMilliseconds(500);

    public static string Prefix(string branch) => $"refs/pipelines/lock-queue/{branch}/";

    /// <summary>A ticket name that sorts by when its owner began waiting (the waiter's clock: skew only reorders the line), then
    /// by its owner (<see cref="OwnerKey"/>).</summary>
    public static string NewTicket(DateTimeOffset now, LockOwner owner) =>
        $"{now.ToUnixTimeMilliseconds().ToString("D13", CultureInfo.InvariantCulture)}-{OwnerKey(owner.Id)}";

    /// <summary>A short key of a lock owner's id, in its tickets: a ticket whose owner holds (or held) the lock is not waiting.</summary>
    public static string OwnerKey(string ownerId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ownerId)))[..12];

    /// <summary>When a ticket's owner began waiting, or null for a name that is no ticket.</summary>
    public static DateTimeOffset? Began(string ticket) =>
        ticket.Length > 14 && ticket[13] == '-' && long.TryParse(ticket.AsSpan(0, 13), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary>How many live tickets are before <paramref name="own"/>: 0 first in line. A ticket is not counted when it began
    /// waiting longer ago than <paramref name="staleAfter"/> (its owner gave up or died), when it is no ticket, or when
    /// <paramref name="passed"/> holds it (its owner held the lock, or let it lie free).</summary>
    public static int Place(IEnumerable<string> tickets, string own, IReadOnlySet<string> passed, DateTimeOffset now, TimeSpan staleAfter) =>
        tickets.Count(t => string.CompareOrdinal(t, own) < 0 && !passed.Contains(t) && !IsStale(t, now, staleAfter));

    public static bool IsStale(string ticket, DateTimeOffset now, TimeSpan staleAfter) => Began(ticket) is not { } began || now - began > staleAfter;

    /// <summary>The pause before the next look of a waiter at <paramref name="place"/> in line: the first looks often, so that
    /// the lock changes hands soon after it is freed; the others rarely, more rarely the further back (they need only notice
    /// when they come first). A lock held long (a rollout) is looked at less often the longer its commit stays unchanged
    /// (<paramref name="unchangedFor"/>): by the first in line once a second at most, as every waiter did before the queue.</summary>
    public static TimeSpan PauseAt(int place, TimeSpan unchangedFor = default)
    {
        // Linear in the place: the line moves by one every few tenths of a second, and a waiter should notice when it comes
        // first about as soon as that happens (quadratic pauses left the one that came first asleep for seconds).
        var byPlace = place == 0 ? FirstLooksEvery : TimeSpan.FromMilliseconds(Math.Min(2000, 300 * place));
        var byHold = TimeSpan.FromTicks(Math.Min(unchangedFor.Ticks / 5, (place == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3)).Ticks));
        return byPlace > byHold ? byPlace : byHold;
    }
}
