using Pipelines.Diagnostics;
using System.Net.Http.Headers;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Notifications;
using Pipelines.ReleaseManager;
using Pipelines.Server;
using Pipelines.Server.Api;
using Pipelines.Server.Election;
using Pipelines.Server.SignIn;
using Pipelines.Targets;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Server;

/// <summary>
/// The Watch service in-process on a free port, over a real config repo and the real registry, with a read token
/// (<see cref="ReadToken"/>, caller "rita"), an operator token (<see cref="OperatorToken"/>, caller "dana") and a token with
/// no role of its own (<see cref="CiToken"/>, caller "ci": what pipelines.yaml's access: grants token:ci).
/// </summary>
internal sealed class WatchHarness : IAsyncDisposable
{
    public const string ReadToken = "read-token-0123456789abcdef";
    public const string OperatorToken = "operator-token-0123456789abcdef";
    public const string CiToken = "ci-token-0123456789abcdef";
    public const string WebhookSecret = "webhook-secret-0123456789";

    private readonly StringWriter _log = new() { NewLine = "\n" };
    // Writes lock the synchronized wrapper itself (its methods are [MethodImpl(Synchronized)]), so reads lock the same object.
    private readonly TextWriter _logWriter;
    private readonly string _cache = Directory.CreateTempSubdirectory("pipelines-watch-").FullName;

    private WatchHarness(WatchServer server)
    {
        Server = server;
        _logWriter = TextWriter.Synchronized(_log);
    }

    public WatchServer Server { get; private set; } = null!;

    public string LogText
    {
        get
        {
            lock (_logWriter) return _log.ToString();
        }
    }

    public static async Task<WatchHarness> StartAsync(string configRepo, TimeSpan pollInterval, string? kubeconfig = null, bool automation = true,
        string listen = "127.0.0.1:0", IReadOnlyList<string>? notifyUrls = null, LeaderElectionOptions? leaderElection = null,
        TimeSpan syncInterval = default, TimeSpan readFreshness = default, ConsoleSignIn? signIn = null)
    {
        var harness = new WatchHarness(null!);
        var log = TextLog.To(harness._logWriter);
        var tokens = ApiTokens.Parse($"{ReadToken} read rita\n# the operators\n{OperatorToken} operator dana\n{CiToken} none ci\n", "tokens");
        harness.Server = await WatchServer.StartAsync(new WatchOptions
        {
            Listen = listen,
            PollInterval = pollInterval,
            SyncInterval = syncInterval,
            // Zero unless a test asks: most tests change git or the cluster behind Watch's back and read at once.
            ReadFreshness = readFreshness,
            RunAutomation = automation,
            Tokens = tokens,
            SignIn = signIn ?? new ConsoleSignIn(),
            WebhookSecret = WebhookSecret,
            LeaderElection = leaderElection,
            NotifyUrls = (notifyUrls ?? []).Select(NotifyUrl.Parse).ToList(),
            // Short, so that a dead URL gives up within the test; still more than one attempt.
            NotifierTiming = new NotifierTiming(TimeSpan.FromSeconds(2), 2, TimeSpan.FromMilliseconds(100)),
            Releases = new ReleaseManagerSettings
            {
                OpenRepository = () => new ConfigRepository(new ConfigRepoOptions(RemoteUrl.Parse(configRepo, harness._cache), "main", null,
                    Path.Combine(harness._cache, "config-repos"), 10, new CommitIdentity("watch", "watch@pipelines", null)), log),
                OpenLock = _ => new NoLock(),
                OpenCluster = kubeconfig is null ? null : environment => KubernetesEnvironmentCluster.Connect(environment, kubeconfig, null, TimeSpan.FromSeconds(30), log),
                ReadCluster = kubeconfig is null ? null : environment => KubernetesEnvironmentCluster.Connect(environment, kubeconfig, null, TimeSpan.FromSeconds(30), log),
                Registry = TestOptions.For() with { CacheDirectory = Path.Combine(harness._cache, "registry") },
            },
        }, log);
        return harness;
    }

    public HttpClient Client(string? token = OperatorToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.Address) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after a generous bound.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"never happened: {what}");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }
}
