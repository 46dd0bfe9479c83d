namespace Pipelines.ConfigRepo;

/// <summary>What the server said to a push: accepted, or refused because its branch is no longer the
/// commit we built on (someone else pushed first) — the case a compare-and-swap retries.</summary>
public sealed record PushOutcome(bool Accepted, string? RejectionReason)
{
    public static readonly PushOutcome Pushed = new(true, null);

    public static PushOutcome RemoteMoved(string reason) => new(false, reason);
}
