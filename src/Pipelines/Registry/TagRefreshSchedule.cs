namespace Pipelines.Registry;

/// <summary>
/// When a cached tag is checked again. A new or moved tag is checked after <see cref="Minimum"/>; each check
/// that finds it unchanged doubles the interval up to <see cref="Maximum"/> — so release tags that never move
/// cost almost nothing, and tags like <c>master</c> are followed closely, as Flux v1's cache warmer did.
/// </summary>
internal sealed record TagRefreshSchedule(TimeSpan Minimum, TimeSpan Maximum)
{
    public bool IsDue(TagRecord record, DateTimeOffset now) => now >= record.CheckedAt + record.Interval;

    /// <summary>The record after seeing the tag at <paramref name="digest"/> now.</summary>
    public TagRecord Observe(TagRecord? previous, string digest, DateTimeOffset now)
    {
        if (previous is null)
            return new TagRecord(digest, now, Minimum, Moves: false);
        if (previous.Digest == digest)
            return previous with { CheckedAt = now, Interval = Min(previous.Interval * 2, Maximum) };
        return new TagRecord(digest, now, Minimum, Moves: true);
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
