using k8s;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Targets;

namespace Pipelines.Kubernetes;

/// <summary>An environment's cluster through KubernetesClient: works unchanged against any API server.</summary>
public sealed class KubernetesEnvironmentCluster(IKubernetes client, EnvironmentConfig environment, TimeSpan rolloutTimeout, Log log) : IEnvironmentCluster
{
    public static KubernetesEnvironmentCluster Connect(EnvironmentConfig environment, string? kubeconfig, string? context, TimeSpan rolloutTimeout, Log log) =>
        new(new k8s.Kubernetes(ClusterConnection.Resolve(kubeconfig, context, environment.Kubeconfig, environment.KubeContext)), environment, rolloutTimeout, log);

    public EnvironmentConfig Environment => environment;

    internal IKubernetes Client => client;

    internal TimeSpan RolloutTimeout => rolloutTimeout;

    internal Log Log => log;

    public Task<IReadOnlyList<RolloutResult>> ApplyAndWaitAsync(ConfigSnapshot snapshot, IReadOnlyList<Workload> workloads, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("in progress (issue 6)");

    public Task<IReadOnlyList<LiveWorkload>> ListAsync(IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("in progress (issue 6)");

    public Task<LiveWorkload?> GetAsync(string workloadId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("in progress (issue 6)");
}
