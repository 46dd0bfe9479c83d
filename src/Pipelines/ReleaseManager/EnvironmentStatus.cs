using Pipelines.Images;

namespace Pipelines.ReleaseManager;

/// <summary>
/// The one listing of an environment (<see cref="ServiceListing"/>): its workloads as the config repo has them, each with what runs
/// and the newest image its policy allows (what the API and the web UI show); what runs in its namespaces, in the cluster's order
/// (ListServices' rows); and what could not be read, so a view can say why a column is empty.
/// </summary>
public sealed record EnvironmentStatus(string Environment, string? Commit, IReadOnlyList<ServiceStatus> Services, IReadOnlyList<string> Problems)
{
    /// <summary>Every live container (init containers left out) of the environment's namespaces, in the order the cluster lists them,
    /// whether the config repo has its workload or not; empty when the cluster was not asked or could not be read.</summary>
    public IReadOnlyList<ServiceRow> Running { get; init; } = [];

    /// <summary>What reading the manifests warned of (the first of <see cref="Problems"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What asking the registry threw; null when it answered. The newest images are unknown then.</summary>
    public Exception? RegistryFailure { get; init; }

    /// <summary>What opening the cluster or listing its workloads threw; null when it answered or was not asked.</summary>
    public Exception? ClusterFailure { get; init; }

    /// <summary>The first tag filter, in the order of <see cref="Running"/>, that cannot be used: its workload's newest images are unknown.</summary>
    public TagPolicyException? PolicyFailure { get; init; }
}
