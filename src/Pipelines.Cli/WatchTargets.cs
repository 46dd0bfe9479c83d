using k8s;
using Pipelines.Kubernetes;
using Pipelines.Cli;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Server;
using Pipelines.Server.Api;
using Pipelines.Server.Election;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V3's release manager as a long-running service: <c>Watch</c>. See docs/watch.md.</summary>
public sealed class WatchTargets : ConfigRepoParameters
{
    [Parameter("host:port to listen on: Watch (default 127.0.0.1:8080) or KubeEmulator (default a free port); port 0 picks a free one.")]
    public string Listen { get; set; } = "127.0.0.1:8080";

    [Parameter("Watch: how often to look in the registry for new images (a registry notification looks at once); 100ms to 24h."), ValueRange("100ms", "24h")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Parameter("Watch: how often the leader compares each environment's cluster with the config repo and re-applies what drifted (without pruning); 0 (default): never; at most 24h.")]
    [ValueRange("0s", "24h")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.Zero;

    [Parameter("Watch: a file of API tokens, one 'token role [name]' per line; role read or operator.")]
    public string? ApiTokensFile { get; set; }

    [Parameter("Watch: the shared secret registry notifications send in their Authorization header."), Secret]
    public string? WebhookSecret { get; set; }


    [Parameter("Watch: elect a leader among replicas with a Lease; only the leader runs automation (default: on in a cluster, i.e. when KUBERNETES_SERVICE_HOST is set).")]
    public bool? LeaderElection { get; set; }

    [Parameter("Watch: the namespace of the leader-election Lease (default: the pod's own namespace, else default).")]
    public string? LeaderElectionNamespace { get; set; }

    [Parameter("Watch: the name of the leader-election Lease; replicas sharing it elect one leader.")]
    public string LeaderElectionLease { get; set; } = LeaderElectionOptions.DefaultLeaseName;

    /// <summary>Watch runs until stopped; each of its operations is bounded by the git, registry and cluster timeouts instead.</summary>
    protected override TimeSpan? TargetDeadline => null;

    public Target Watch => _ => _
        .Description("V3: the release manager as a service until Ctrl+C/SIGTERM: automation on registry polls and push notifications, the web UI at /, the JSON API, /healthz, /metrics.")
        .Requires(() => ConfigRepo)
        .Executes(async () =>
        {
            var tokensFile = ApiTokensFile is null ? null : Path.GetFullPath(ApiTokensFile, Context.WorkingDirectory);
            var tokens = tokensFile is null ? ApiTokens.Parse("", "(none)")
                : File.Exists(tokensFile) ? ApiTokens.Parse(await File.ReadAllTextAsync(tokensFile), ApiTokensFile!)
                : throw new UsageException($"--api-tokens-file {ApiTokensFile}: no such file.");
            if (tokens.Count == 0) Log.Warn("No API tokens (--api-tokens-file): the API answers 401 to everyone; automation runs regardless.");
            if (WebhookSecret is null) Log.Warn("No --webhook-secret: registry notifications are refused; automation polls every " + PollInterval + ".");
            await using var server = await WatchServer.StartAsync(new WatchOptions
            {
                Listen = Listen,
                PollInterval = PollInterval,
                SyncInterval = SyncInterval,
                Tokens = tokens,
                WebhookSecret = WebhookSecret,
                NotifyUrls = NotifyUrl.Select(Notifications.NotifyUrl.Parse).ToList(),
                LeaderElection = Election(),
                Releases = Connections().Settings(Progress),
            }, Progress);
            if (server.Leadership.Lease is { } lease) Log.Info($"Leader election on: lease {lease}; this replica runs automation only while it leads.");
            Log.Info($"Watch listening on {server.Address}: web UI at {server.Address}/, API under /api, /healthz, /readyz, /metrics, registry notifications at /hooks/registry.");
            Context.Results.WriteLine(server.Address);
            await Context.Results.FlushAsync();
            await StopSignal.WaitAsync();
            Log.Info("Stopping Watch.");
        });

    /// <summary>The Lease's client: in a cluster the pod's service account (or --kubeconfig/--kube-context when given).</summary>
    private LeaderElectionOptions? Election()
    {
        var inCluster = Context.EnvironmentVariables.GetValueOrDefault("KUBERNETES_SERVICE_HOST") is { Length: > 0 };
        if (!(LeaderElection ?? inCluster)) return null;
        KubernetesClientConfiguration connection;
        try
        {
            connection = ClusterConnection.Resolve(ClusterSelection(), null).Configuration;
        }
        catch (ClusterConnectionException e)
        {
            throw new UsageException($"--leader-election needs a cluster for its Lease: {e.Message} Pass --leader-election false to run a single replica.");
        }
        return new LeaderElectionOptions(new k8s.Kubernetes(connection), LeaderElectionNamespace ?? LeaderElectionOptions.NamespaceOfThisPod(),
            LeaderElectionLease, LeaderElectionOptions.IdentityForThisProcess());
    }
}
