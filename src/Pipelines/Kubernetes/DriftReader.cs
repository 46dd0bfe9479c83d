using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;

namespace Pipelines.Kubernetes;

/// <summary>Reads the drift of an environment: the config repo's workloads against the live ones, and labelled live workloads git no longer has.</summary>
public static class DriftReader
{
    public static Task<Drift> ReadAsync(IEnvironmentCluster cluster, ConfigSnapshot snapshot, EnvironmentConfig environment, CancellationToken cancellationToken = default) =>
        ReadAsync(cluster, snapshot, environment, EnvironmentScan.Read(snapshot.AsRepoFiles(), environment), cancellationToken);

    /// <param name="scan">The environment as read from <paramref name="snapshot"/> by a caller that already read it.</param>
    public static async Task<Drift> ReadAsync(IEnvironmentCluster cluster, ConfigSnapshot snapshot, EnvironmentConfig environment, EnvironmentScan scan,
        CancellationToken cancellationToken = default)
    {
        KubernetesEnvironmentCluster.RefuseRendered(scan, "Its GitOps agent (Argo CD, Flux) compares what it renders with the cluster; ask it (argocd app diff, flux diff).");
        var desired = scan.Workloads;
        var images = new List<ImageDrift>();
        var missing = new List<string>();
        foreach (var workload in desired)
        {
            var live = await cluster.GetAsync(workload.Id, cancellationToken);
            if (live is null)
            {
                missing.Add(workload.Id);
                continue;
            }
            images.AddRange(Compare(workload, live));
        }
        var known = desired.Select(w => w.Id).ToHashSet();
        var labelled = await cluster.LabelledWorkloadsAsync(desired.Select(w => w.Namespace).Append(environment.Namespace).Distinct().ToList(), cancellationToken);
        var notInGit = labelled.Where(id => !known.Contains(id)).ToList();
        return new Drift(environment.Name, snapshot.Commit, images, missing, notInGit);
    }

    /// <summary>Pure: the containers whose live image differs from the desired one.</summary>
    public static IEnumerable<ImageDrift> Compare(Workload desired, LiveWorkload live) =>
        desired.Containers
            .Select(c => (Desired: c, Live: live.Containers.FirstOrDefault(l => l.Name == c.Name && l.IsInit == c.IsInit)))
            .Where(pair => pair.Live?.Image != pair.Desired.Image)
            .Select(pair => new ImageDrift(desired.Id, pair.Desired.Name, pair.Desired.Image, pair.Live?.Image));
}
