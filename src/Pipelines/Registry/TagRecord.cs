namespace Pipelines.Registry;

/// <summary>What the cache knows about one tag: its digest when last checked, when that was, when to check again, and whether it has ever moved.</summary>
internal sealed record TagRecord(string Digest, DateTimeOffset CheckedAt, TimeSpan Interval, bool Moves);
