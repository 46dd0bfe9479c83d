namespace Pipelines.Kubernetes;

/// <summary>What runs: id, containers and images, ready and desired counts, and the rollout state now.</summary>
public sealed record LiveWorkload(string Id, IReadOnlyList<LiveContainer> Containers, int Ready, int Desired, RolloutState Rollout);
