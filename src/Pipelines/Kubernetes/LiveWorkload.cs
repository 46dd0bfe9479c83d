namespace Pipelines.Kubernetes;

/// <summary>What runs: id, containers and images, ready and desired counts, and the rollout state now.</summary>
public sealed record LiveWorkload(string Id, IReadOnlyList<LiveContainer> Containers, int Ready, int Desired, RolloutState Rollout)
{
    /// <summary>Why pods of the workload do not run as they should (ImagePullBackOff, CrashLoopBackOff…), as <c>pod/…: reason</c>;
    /// empty when they all do, or when the pods were not read. Ready counts alone hide them: the old ReplicaSet keeps serving.</summary>
    public IReadOnlyList<string> Troubles { get; init; } = [];
}
