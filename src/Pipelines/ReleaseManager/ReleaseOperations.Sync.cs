using Pipelines.Kubernetes;

namespace Pipelines.ReleaseManager;

/// <summary>What an interval sync found and did in one environment: the drift before, and what applying changed.</summary>
/// <param name="Drift">The live images that differed, workloads missing in the cluster, labelled workloads git no longer has (not pruned).</param>
/// <param name="Applied">Null when nothing had drifted, so nothing was applied.</param>
public sealed record SyncReport(Drift Drift, IReadOnlyList<AppliedObject>? Applied, DateTimeOffset At)
{
    /// <summary>Drift that applying corrects: images and missing workloads (objects git no longer has are only reported).</summary>
    public bool Corrected => Applied is not null;
}

public sealed partial class ReleaseOperations
{
    /// <summary>
    /// Re-applies an environment when its cluster drifted from the config repo, as <c>Sync</c> does, without pruning.
    /// The drift is read without the lock; only when something drifted is the global lock taken and the branch read again,
    /// so that a release between its push and its apply is never overwritten by an older state. Null without a cluster.
    /// </summary>
    public async Task<SyncReport?> SyncIfDriftedAsync(string environmentName, CancellationToken cancellationToken = default)
    {
        if (settings.OpenCluster is not { } open) return null;
        var repository = settings.OpenRepository();
        Drift drift;
        using (var snapshot = await repository.ReadAsync(cancellationToken))
        {
            var (environment, _) = EnvironmentReader.Read(repository, snapshot, environmentName);
            drift = await DriftReader.ReadAsync(Kubernetes(open, environment), snapshot, environment, cancellationToken);
        }
        if (drift.Images.Count == 0 && drift.MissingInCluster.Count == 0) return new SyncReport(drift, null, DateTimeOffset.UtcNow);

        await using var held = await settings.OpenLock(repository).AcquireAsync(cancellationToken);
        using var current = await repository.ReadAsync(cancellationToken);
        var (env, _) = EnvironmentReader.Read(repository, current, environmentName);
        var cluster = Kubernetes(open, env);
        KubernetesEnvironmentCluster.RefuseKustomize(current, env);
        var applied = await cluster.ApplyAsync(EnvironmentObjects.Read(current, env), dryRun: false, cancellationToken);
        return new SyncReport(drift, applied, DateTimeOffset.UtcNow);
    }

    private static KubernetesEnvironmentCluster Kubernetes(Func<Config.EnvironmentConfig, IEnvironmentCluster> open, Config.EnvironmentConfig environment) =>
        open(environment) as KubernetesEnvironmentCluster
        ?? throw new InvalidOperationException($"Syncing {environment.Name} needs a Kubernetes cluster (KubernetesEnvironmentCluster).");
}
