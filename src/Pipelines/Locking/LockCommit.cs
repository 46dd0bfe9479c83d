using System.Globalization;

namespace Pipelines.Locking;

/// <summary>
/// The message of a commit on the lock branch: who holds the lock and for how long it may go unrenewed,
/// or that it is free. The tree is always empty; only the chain of commits matters.
/// </summary>
public sealed record LockCommit(LockOwner? Holder, TimeSpan Ttl)
{
    private const string OwnerTrailer = "Pipelines-Lock-Owner";
    private const string UserTrailer = "Pipelines-Lock-User";
    private const string HostTrailer = "Pipelines-Lock-Host";
    private const string BuildTrailer = "Pipelines-Lock-Build";
    private const string TtlTrailer = "Pipelines-Lock-TTL";

    public static LockCommit Free { get; } = new(null, TimeSpan.Zero);

    /// <summary>The longest TTL a holder may claim (<c>--lock-ttl</c> allows 5s to 1h): a commit claiming more, written by an
    /// older version or by hand, is read as this, so that a dead holder blocks everyone for an hour at most.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    public bool IsFree => Holder is null;

    public string Format(string verb = "held") => Holder is null
        ? "pipelines-lock: free\n"
        : $"pipelines-lock: {verb} by {Holder.User} on {Holder.Host}\n\n" +
          $"{OwnerTrailer}: {Holder.Id}\n{UserTrailer}: {Holder.User}\n{HostTrailer}: {Holder.Host}\n" +
          (Holder.BuildUrl is null ? "" : $"{BuildTrailer}: {Holder.BuildUrl}\n") +
          $"{TtlTrailer}: {(long)Ttl.TotalSeconds}\n";

    private const string BrokenByTrailer = "Pipelines-Lock-Broken-By";
    private const string BrokenReasonTrailer = "Pipelines-Lock-Broken-Reason";
    private const string WasHeldByTrailer = "Pipelines-Lock-Was-Held-By";

    /// <summary>A "free" commit that records a lock broken by hand (<c>BreakGlobalLock</c>): who broke it, why, and who held it.</summary>
    public static string FormatBroken(string breaker, string reason, LockOwner wasHeldBy) =>
        $"pipelines-lock: free (broken by {breaker})\n\n{BrokenByTrailer}: {breaker}\n{BrokenReasonTrailer}: {reason}\n{WasHeldByTrailer}: {wasHeldBy.Describe()} [{wasHeldBy.Id}]\n";

    /// <summary>The break recorded in a free commit's message, or null.</summary>
    public static LockBreak? ParseBreak(string message)
    {
        var trailers = Trailers(message);
        return trailers.TryGetValue(BrokenByTrailer, out var by)
            ? new LockBreak(by, trailers.GetValueOrDefault(BrokenReasonTrailer, ""), trailers.GetValueOrDefault(WasHeldByTrailer, "?"))
            : null;
    }

    private static Dictionary<string, string> Trailers(string message) => message.ReplaceLineEndings("\n").Split('\n')
        .Select(line => line.Split(": ", 2))
        .Where(parts => parts.Length == 2)
        .GroupBy(parts => parts[0])
        .ToDictionary(g => g.Key, g => g.Last()[1].Trim());

    /// <summary>A message without an owner (or one we cannot read) is a free lock: a damaged lock branch
    /// must not block releases forever.</summary>
    public static LockCommit Parse(string message)
    {
        var trailers = Trailers(message);
        if (!trailers.TryGetValue(OwnerTrailer, out var id)) return Free;
        var ttl = trailers.TryGetValue(TtlTrailer, out var seconds) && long.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(Math.Min(s, (long)MaxTtl.TotalSeconds))
            : TimeSpan.FromMinutes(2);
        return new LockCommit(new LockOwner(id, trailers.GetValueOrDefault(UserTrailer, "?"), trailers.GetValueOrDefault(HostTrailer, "?"), trailers.GetValueOrDefault(BuildTrailer)), ttl);
    }
}

/// <summary>A lock broken by hand: who broke it, why, and who held it then.</summary>
public sealed record LockBreak(string By, string Reason, string WasHeldBy);
