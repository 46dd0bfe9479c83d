namespace Pipelines.Documents;

/// <summary>GlobalLockStatus: who holds the git lock, since when, renewed when; or that it is free.</summary>
/// <param name="Since">When the holder took it, by the holder's clock; null when free.</param>
/// <param name="TtlSeconds">How long waiters wait for a renewal before taking it over; null when free.</param>
/// <param name="Broken">Who broke it last and why, when the last change freed it by force.</param>
public sealed record GlobalLockStatusDocument(string Lock, bool Held, LockHolderJson? Holder, DateTimeOffset? Since, DateTimeOffset? Renewed,
    long? TtlSeconds, string? Commit, LockBreakJson? Broken) : ResultDocument
{
    public override string Kind => "GlobalLockStatus";
}

/// <param name="Build">The CI job's URL, when the holder ran in one.</param>
public sealed record LockHolderJson(string Id, string User, string Host, string? Build);

public sealed record LockBreakJson(string By, string Reason, string WasHeldBy);

/// <summary>BreakGlobalLock: what was broken.</summary>
/// <param name="Outcome"><c>broken</c>, <c>already-free</c> or <c>moved</c> (renewed, released or taken meanwhile: nothing broken).</param>
/// <param name="Before">The lock as it was found.</param>
/// <param name="Commit">The commit that broke it; null when nothing was broken.</param>
public sealed record GlobalLockBreakDocument([property: OneOf("broken", "already-free", "moved")] string Outcome, GlobalLockStatusDocument Before, string? Commit, string Reason) : ResultDocument
{
    public override string Kind => "GlobalLockBreak";
}
