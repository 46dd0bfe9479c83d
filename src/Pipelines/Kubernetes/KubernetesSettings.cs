namespace Pipelines.Kubernetes;

/// <summary>What the command line says about clusters and rollouts, for connecting an environment's cluster.</summary>
public sealed record KubernetesSettings
{
    public ClusterSelection Selection { get; init; } = new();

    public KubeRequestPolicy Requests { get; init; } = KubeRequestPolicy.Default;

    /// <summary><c>--rollout-timeout</c>: a rollout still going after it is pending, not failed.</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>--failure-grace</c>: how long a pod may stay in a state it cannot recover from before its rollout fails.</summary>
    public TimeSpan FailureGrace { get; init; } = TimeSpan.FromSeconds(60);
}
