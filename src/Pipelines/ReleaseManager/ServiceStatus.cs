using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>One workload of an environment as the release manager sees it.</summary>
/// <param name="Ready">"ready/desired" pods; null when the cluster was not asked or has no such workload.</param>
/// <param name="Rollout">The rollout state in words (as <c>kubectl rollout status</c>), or null.</param>
public sealed record ServiceStatus(Workload Workload, WorkloadPolicy Policy, IReadOnlyList<ContainerStatus> Containers, string? Ready, string? Rollout)
{
    public bool HasUpdate => Containers.Any(c => c.Newest is not null);
}
