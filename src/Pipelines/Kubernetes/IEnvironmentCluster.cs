using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Kubernetes;

/// <summary>
/// The cluster of one environment as releases use it: apply what the config repo says for some workloads
/// and wait for their rollouts, and read what runs. One implementation talks to any cluster through
/// KubernetesClient (<see cref="KubernetesEnvironmentCluster"/>); releases never see the API.
/// </summary>
public interface IEnvironmentCluster
{
    /// <summary>
    /// Server-side applies the files that hold <paramref name="workloads"/> (every object in them, labelled
    /// <c>pipelines/environment: &lt;env&gt;</c>), then waits for each workload's rollout, printing progress.
    /// </summary>
    Task<IReadOnlyList<RolloutResult>> ApplyAndWaitAsync(ConfigSnapshot snapshot, IReadOnlyList<Workload> workloads, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts getting ready to apply and watch <paramref name="workloads"/> (what the cluster serves for their kinds,
    /// a first read of each), in the background, so that <see cref="ApplyAndWaitAsync"/> begins at once. Releases call
    /// it before their push, which mostly waits on the git server. Reads only; failures are left for the apply to report.
    /// </summary>
    void Prepare(ConfigSnapshot snapshot, IReadOnlyList<Workload> workloads)
    {
    }

    /// <summary>Server-side applies objects (every one labelled with the environment), or with <paramref name="dryRun"/> asks the server
    /// what applying them would do; says per object whether it is (or would be) created, configured or left unchanged.</summary>
    Task<IReadOnlyList<AppliedObject>> ApplyAsync(IReadOnlyList<ManifestObject> objects, bool dryRun, CancellationToken cancellationToken = default);

    /// <summary>
    /// Before a commit: a server-side apply dry run (dryRun=All, fieldValidation=Strict) of the objects as they will be
    /// committed, against this environment's cluster. Never throws for what the API server refuses: the report lists the
    /// refused objects (file:line, kind/name, the server's message), those that cannot be checked yet (their namespace or
    /// CRD comes with the same change), what each apply would do (created/configured/unchanged, decided as the apply
    /// decides it), or that the cluster could not be reached. Implementations that cannot dry-run say so (not reached).
    /// </summary>
    Task<DryRunReport> DryRunAsync(IReadOnlyList<ManifestObject> objects, CancellationToken cancellationToken = default) =>
        Task.FromResult(DryRunReport.CouldNotReach("this cluster cannot run a server-side dry run"));

    /// <summary><see cref="DryRunAsync(IReadOnlyList{ManifestObject}, CancellationToken)"/> of files as they will be committed (path, new text).</summary>
    Task<DryRunReport> DryRunFilesAsync(IEnumerable<(string Path, string Text)> files, CancellationToken cancellationToken = default) =>
        DryRunAsync(files.Where(f => !f.Text.Contains("{{", StringComparison.Ordinal)).SelectMany(f => ManifestObject.Read(f.Path, f.Text)).ToList(), cancellationToken);

    /// <summary>The live workloads (every kind of <see cref="WorkloadKinds"/>, controller-owned ones left out) of the given namespaces.</summary>
    Task<IReadOnlyList<LiveWorkload>> ListAsync(IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken = default);

    /// <summary>One live workload by id (<c>namespace:kind/name</c>); null when the cluster has none.</summary>
    Task<LiveWorkload?> GetAsync(string workloadId, CancellationToken cancellationToken = default);

    /// <summary>Container name → the image digest its pods run (<see cref="RunningDigests"/>); empty when unknown.</summary>
    Task<IReadOnlyDictionary<string, string>> RunningDigestsAsync(string workloadId, CancellationToken cancellationToken = default);

    /// <summary>Waits for the rollouts of workloads (ids) at once, printing progress; how each ended.</summary>
    Task<IReadOnlyList<RolloutResult>> WaitAsync(IReadOnlyList<string> workloadIds, CancellationToken cancellationToken = default);

    /// <summary>The ids of the live workloads (Deployments, StatefulSets, DaemonSets, CronJobs) of the given namespaces that carry
    /// this environment's label, <c>pipelines/environment: &lt;env&gt;</c>: the ones Pipelines applied for it.</summary>
    Task<IReadOnlyList<string>> LabelledWorkloadsAsync(IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken = default);

    /// <summary><c>Sync --prune</c> (see <see cref="Pruner"/>): deletes, or with <paramref name="dryRun"/> names, the objects labelled with
    /// this environment that are not among <paramref name="applied"/>; returns what was (or would be) deleted.</summary>
    Task<IReadOnlyList<string>> PruneAsync(IReadOnlyList<AppliedObject> applied, bool dryRun, CancellationToken cancellationToken = default);
}
