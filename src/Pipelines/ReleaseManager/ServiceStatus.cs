using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>One workload of an environment as the release manager sees it.</summary>
/// <param name="Ready">"ready/desired" pods; null when the cluster was not asked or has no such workload.</param>
/// <param name="Rollout">The rollout state in words (as <c>kubectl rollout status</c>), or null.</param>
public sealed record ServiceStatus(Workload Workload, WorkloadPolicy Policy, IReadOnlyList<ContainerStatus> Containers, string? Ready, string? Rollout)
{
    public bool HasUpdate => Containers.Any(c => c.Newest is not null);

    /// <summary>Why its pods do not run as they should (<see cref="Kubernetes.LiveWorkload.Troubles"/>); empty when they do or were not read.</summary>
    public IReadOnlyList<string> Troubles { get; init; } = [];

    /// <summary>Whether the rollout can never finish (e.g. its progress deadline passed); false when unknown.</summary>
    public bool RolloutFailed { get; init; }

    /// <summary>Whether the rollout is done; false when it is still going, failed, or unknown.</summary>
    public bool RolloutDone { get; init; }
}
