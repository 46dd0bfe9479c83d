using k8s;
using Pipelines.Kubernetes;
using Pipelines.Notifications;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Server;
using Pipelines.Server.Api;
using Pipelines.Server.Election;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V3's release manager as a long-running service: <c>Watch</c>. See docs/watch.md.</summary>
public sealed partial class WatchTargets : ProductTargetSet,
    IWatchParameters, IListenParameters, IConfigRepoParameters, IClusterParameters, IRegistryParameters, INotificationParameters
{
    // No IDeadlineParameters: Watch runs until stopped; each of its operations is bounded by the git, registry and cluster timeouts instead.
    private IWatchParameters Server => this;

    public Target Watch => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Watch --config-repo git@git.example.com:platform/config.git --listen 0.0.0.0:8080 --api-tokens-file /etc/pipelines/tokens", "the release manager as a service")
        .Example("PIPELINES_UI_OIDC_CLIENT_SECRET=… ./build.sh Watch --config-repo git@git.example.com:platform/config.git --ui-oidc-authority https://login.example.com/realms/platform --ui-oidc-client-id pipelines --ui-keys-dir /var/lib/pipelines/keys",
            "the console with single sign-on; roles per environment from pipelines.yaml's access:, sessions that outlive restarts")
        .Description("The release manager as a service until Ctrl+C/SIGTERM: automation on registry polls and push notifications, the web UI at /, the JSON API, /healthz, /metrics.")
        .Requires(() => ((IConfigRepoParameters)this).ConfigRepo)
        .Executes(async () =>
        {
            var tokensFile = Server.ApiTokensFile is { } given ? Path.GetFullPath(given, Context.WorkingDirectory) : null;
            var tokens = tokensFile is null ? ApiTokens.Parse("", "(none)")
                : File.Exists(tokensFile) ? ApiTokens.Parse(await File.ReadAllTextAsync(tokensFile), Server.ApiTokensFile!)
                : throw new UsageException($"--api-tokens-file {Server.ApiTokensFile}: no such file.");
            if (tokens.Count == 0) Log.Warn("No API tokens (--api-tokens-file): the API answers 401 to everyone; automation runs regardless.");
            if (Server.WebhookSecret is null) Log.Warn("No --webhook-secret: registry notifications are refused; automation polls every " + Server.PollInterval + ".");
            await using var server = await WatchServer.StartAsync(new WatchOptions
            {
                Listen = ((IListenParameters)this).Listen ?? "127.0.0.1:8080",
                PollInterval = Server.PollInterval,
                SyncInterval = Server.SyncInterval,
                CommitUrl = CommitUrl(),
                Tokens = tokens,
                SignIn = SignIn(),
                WebhookSecret = Server.WebhookSecret,
                NotifyUrls = ((INotificationParameters)this).NotifyUrl.Select(NotifyUrl.Parse).ToList(),
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

    /// <summary>--commit-url, checked: an http(s) address with {commit} in it, or nothing.</summary>
    private string? CommitUrl()
    {
        if (Server.CommitUrl is not { } template) return null;
        if (!template.Contains("{commit}", StringComparison.Ordinal)
            || !Uri.TryCreate(template.Replace("{commit}", "0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--commit-url {template}: write an http(s) address with {{commit}} where the commit id goes, e.g. https://github.com/acme/config/commit/{{commit}}.");
        }
        return template;
    }

    /// <summary>The Lease's client: in a cluster the pod's service account (or --kubeconfig/--kube-context when given).</summary>
    private LeaderElectionOptions? Election()
    {
        var inCluster = Context.EnvironmentVariables.GetValueOrDefault("KUBERNETES_SERVICE_HOST") is { Length: > 0 };
        if (!(Server.LeaderElection ?? inCluster)) return null;
        KubernetesClientConfiguration connection;
        try
        {
            connection = ClusterConnection.Resolve(ClusterSelection(), null).Configuration;
        }
        catch (ClusterConnectionException e)
        {
            throw new UsageException($"--leader-election needs a cluster for its Lease: {e.Message} Pass --leader-election false to run a single replica.");
        }
        return new LeaderElectionOptions(new k8s.Kubernetes(connection), Server.LeaderElectionNamespace ?? LeaderElectionOptions.NamespaceOfThisPod(),
            Server.LeaderElectionLease, LeaderElectionOptions.IdentityForThisProcess());
    }
}
