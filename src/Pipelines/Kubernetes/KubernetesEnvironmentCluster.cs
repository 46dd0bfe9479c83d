using System.Text.Json.Nodes;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Manifests;
using Pipelines.Releases;
using k8s;

namespace Pipelines.Kubernetes;

/// <summary>An environment's cluster through KubernetesClient: works unchanged against any API server.</summary>
internal sealed class KubernetesEnvironmentCluster : IEnvironmentCluster
{
    private readonly k8s.Kubernetes _client;
    private readonly KubernetesSettings _settings;
    private readonly ILog _log;

    public KubernetesEnvironmentCluster(k8s.Kubernetes client, EnvironmentConfig environment, KubernetesSettings settings, ILog log)
    {
        _client = client;
        _settings = settings;
        _log = log;
        Environment = environment;
        Api = new KubeApi(client);
        Resources = new ApiResources(Api);
    }

    public KubernetesEnvironmentCluster(k8s.Kubernetes client, EnvironmentConfig environment, TimeSpan rolloutTimeout, ILog log)
        : this(client, environment, new KubernetesSettings { RolloutTimeout = rolloutTimeout }, log)
    {
    }

    /// <summary>
    /// The environment's cluster as its <c>cluster:</c> in pipelines.yaml names it (see <see cref="ClusterConnection"/>),
    /// announced with one line naming the context, server and namespace before anything is changed.
    /// </summary>
    public static KubernetesEnvironmentCluster Connect(EnvironmentConfig environment, KubernetesSettings settings, ILog log)
    {
        var cluster = ClusterConnection.Resolve(settings.Selection, environment);
        log.Info(cluster.Line);
        return new(KubeClient.Create(cluster.Configuration, settings.Requests, log), environment, settings, log);
    }

    /// <summary>For a process whose KUBECONFIG is its own environment's (the server, tests).</summary>
    public static KubernetesEnvironmentCluster Connect(EnvironmentConfig environment, string? kubeconfig, string? context, TimeSpan rolloutTimeout, ILog log) =>
        Connect(environment, new KubernetesSettings { Selection = ClusterSelection.FromProcess(kubeconfig, context), RolloutTimeout = rolloutTimeout }, log);

    public EnvironmentConfig Environment { get; }

    public IKubernetes Client => _client;

    public KubeApi Api { get; }

    public ApiResources Resources { get; }

    private Task _prepared = Task.CompletedTask;

    public void Prepare(ConfigSnapshot snapshot, IReadOnlyList<Workload> workloads)
    {
        // The files are read here: a snapshot's repository must not be used by two threads at once.
        var apiVersions = workloads.Select(w => w.File).Distinct()
            .SelectMany(file => snapshot.ReadText(file) is { } text ? ManifestObject.Read(file, text) : [])
            .Select(o => o.ApiVersion).Distinct().ToList();
        var ids = workloads.Select(w => w.Id).ToList();
        _prepared = Task.Run(async () =>
        {
            // Discovery is cached in Resources for the apply; the reads compile the client's JSON code the rollout waiter uses.
            foreach (var apiVersion in apiVersions) await Resources.GroupVersionAsync(apiVersion);
            await Task.WhenAll(ids.Select(id => GetAsync(id)));
        });
    }

    public async Task<IReadOnlyList<RolloutResult>> ApplyAndWaitAsync(ConfigSnapshot snapshot, IReadOnlyList<Workload> workloads, CancellationToken cancellationToken = default)
    {
        try
        {
            await _prepared;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Getting ready only read; the apply meets the same problem and reports it with its context.
        }
        RefuseKustomize(snapshot, Environment);
        var objects = workloads.Select(w => w.File).Distinct()
            .SelectMany(file => ManifestObject.Read(file, snapshot.ReadText(file) ?? throw new PipelinesException(FaultKind.Failed, $"{file} is not in the config repo at {snapshot.Commit}.")))
            .ToList();
        await ApplyAsync(objects, dryRun: false, cancellationToken);
        return await WaitAsync(workloads.Select(w => w.Id).ToList(), cancellationToken);
    }

    public Task<IReadOnlyList<AppliedObject>> ApplyAsync(IReadOnlyList<ManifestObject> objects, bool dryRun, CancellationToken cancellationToken = default) =>
        new ObjectApplier(Api, Resources, _log).ApplyAsync(objects, Environment.Name, Environment.Namespace, dryRun, cancellationToken);

    public Task<DryRunReport> DryRunAsync(IReadOnlyList<ManifestObject> objects, CancellationToken cancellationToken = default) =>
        new ObjectApplier(Api, Resources, _log).DryRunAsync(objects, Environment.Name, Environment.Namespace, cancellationToken);

    /// <summary>Waits for several rollouts at once: each is I/O-bound, and one slow workload must not delay the reports of the others.</summary>
    public async Task<IReadOnlyList<RolloutResult>> WaitAsync(IReadOnlyList<string> workloadIds, CancellationToken cancellationToken = default)
    {
        var waiter = new RolloutWaiter(_client, _log, _settings.FailureGrace);
        return await Task.WhenAll(workloadIds.Select(id => waiter.WaitAsync(id, _settings.RolloutTimeout, cancellationToken)));
    }

    public async Task<IReadOnlyList<LiveWorkload>> ListAsync(IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken = default)
    {
        var live = new LiveWorkloads(Api);
        var result = new List<LiveWorkload>();
        foreach (var ns in namespaces.Distinct()) result.AddRange(await live.ListAsync(ns, cancellationToken));
        return result;
    }

    public Task<LiveWorkload?> GetAsync(string workloadId, CancellationToken cancellationToken = default) =>
        new LiveWorkloads(Api).GetAsync(WorkloadRef.Parse(workloadId), cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> RunningDigestsAsync(string workloadId, CancellationToken cancellationToken = default)
    {
        var workload = WorkloadRef.Parse(workloadId);
        if (await Api.GetAsync(LiveWorkloads.ObjectPath(workload), cancellationToken) is not { } json || RunningDigests.SelectorOf(json) is not { } selector)
        {
            return new Dictionary<string, string>();
        }
        var pods = await Api.GetAsync($"/api/v1/namespaces/{workload.Namespace}/pods?labelSelector={Uri.EscapeDataString(selector)}", cancellationToken);
        return RunningDigests.Of(WorkloadJson.Objects(pods, "items"));
    }

    public async Task<IReadOnlyList<string>> LabelledWorkloadsAsync(IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        var selector = Uri.EscapeDataString($"{ObjectApplier.EnvironmentLabel}={Environment.Name}");
        foreach (var ns in namespaces.Distinct())
        {
            foreach (var (apiVersion, kind) in new[] { ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"), ("batch/v1", "CronJob") })
            {
                var resource = await Resources.ResolveAsync(apiVersion, kind, "Diff", cancellationToken);
                var list = await Api.GetAsync($"{resource.CollectionPath(ns)}?labelSelector={selector}", cancellationToken);
                ids.AddRange((list?["items"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(item => Workload.MakeId(ns, kind, item["metadata"]!["name"]!.GetValue<string>())));
            }
        }
        return ids;
    }

    public Task<IReadOnlyList<string>> PruneAsync(IReadOnlyList<AppliedObject> applied, bool dryRun, CancellationToken cancellationToken = default) =>
        new Pruner(Api, Resources, _log).PruneAsync(Environment, applied, dryRun, cancellationToken);

    /// <summary>An environment a renderer owns (kustomize, Helm values, Flux-marked fields an agent renders from) is applied by its
    /// GitOps agent: its files as they are are not what runs, so applying them would apply the wrong thing. The scan says why.</summary>
    public static void RefuseRendered(EnvironmentScan scan, string advice)
    {
        if (scan.RenderedBy is { } rendered) throw new PipelinesException(FaultKind.Failed, $"{rendered}, so it cannot be applied directly. {advice}");
    }

    /// <summary>The same refusal from the files alone, for callers holding no scan: a kustomization in the environment.</summary>
    public static void RefuseKustomize(ConfigSnapshot snapshot, EnvironmentConfig environment)
    {
        var kustomization = snapshot.Files(environment.Path).FirstOrDefault(KustomizeImage.IsKustomization);
        if (kustomization is not null)
        {
            throw new PipelinesException(FaultKind.Failed, $"{environment.Name} is a kustomize environment ({kustomization}); Pipelines does not render kustomize, so it cannot apply it. " +
                "Pass --apply false and let the GitOps agent (Argo CD, Flux) that renders it apply the commit.");
        }
    }
}
