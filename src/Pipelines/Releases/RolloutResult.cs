namespace Pipelines.Releases;

/// <summary>How one workload's rollout ended; <paramref name="Reason"/> says why when it did not succeed
/// (e.g. <c>deployment "front-end" exceeded its progress deadline: front-end-7d9…: ImagePullBackOff</c>).</summary>
public sealed record RolloutResult(string Workload, RolloutOutcome Outcome, string? Reason);
