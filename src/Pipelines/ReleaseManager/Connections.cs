using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Notifications;
using Pipelines.Registry;

namespace Pipelines.ReleaseManager;

/// <summary>
/// Everything a run of the release manager reaches — the config repo, the global lock, the clusters, the registry — as
/// plain values, and how each is opened from them. The command-line targets fill it from their parameters, the Watch
/// service from its own, a Cake or other build script from whatever it reads (examples/cake/build.cake); all then open
/// the same things the same way.
/// </summary>
public sealed record Connections
{
    /// <summary>The config repo: a path, file://, git://, http(s)://, ssh:// or user@host:path.</summary>
    public required string ConfigRepo { get; init; }

    /// <summary>What relative config repo paths are relative to.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Where the config repo's object cache (<c>config-repos/</c>) and the default file lock live; shared by the
    /// runs of one machine, which is what makes their fetches cheap.</summary>
    public required string CacheDirectory { get; init; }

    public string ConfigBranch { get; init; } = "main";

    /// <summary>Push here instead of <see cref="ConfigBranch"/> (branches protected by merge requests).</summary>
    public string? PushBranch { get; init; }

    public string? GitUsername { get; init; }

    public string? GitPassword { get; init; }

    /// <summary>Sent as the password of an http(s) config repo.</summary>
    public string? GitToken { get; init; }

    public TimeSpan GitTimeout { get; init; } = GitTimeouts.Default;

    /// <summary>How many times a change is re-applied when the branch moved before the push.</summary>
    public int PushAttempts { get; init; } = 10;

    /// <summary>Who the change is by, as "Name &lt;email&gt;" or a name; null: the CI job, else <c>USER</c> of <see cref="Environment"/>.</summary>
    public string? User { get; init; }

    /// <summary>The CI job the run is part of, if any: it names commits and goes into their cause.</summary>
    public CiJob? CiJob { get; init; }

    /// <summary>The process environment as the caller sees it (for the local user's name).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public LockKind Lock { get; init; } = LockKind.Git;

    /// <summary>The git lock's branch, or with <see cref="LockKind.Lease"/> the Lease's name.</summary>
    public string LockBranch { get; init; } = "pipelines-lock";

    /// <summary>The namespace of the Lease of <see cref="LockKind.Lease"/>.</summary>
    public string LockNamespace { get; init; } = "default";

    /// <summary>The file of <see cref="LockKind.File"/>; null: <c>pipelines.lock</c> in <see cref="CacheDirectory"/>.</summary>
    public string? LockFile { get; init; }

    public TimeSpan LockTtl { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Which cluster, how requests to it are bounded, how rollouts are waited for.</summary>
    public KubernetesSettings Kubernetes { get; init; } = new();

    /// <summary>False: changes are committed and pushed, and a GitOps agent applies them.</summary>
    public bool Apply { get; init; } = true;

    public RegistryOptions Registry { get; init; } = new();

    /// <summary>Cancelled when the run must stop (its deadline): a lock being waited for or held is given up.</summary>
    public CancellationToken Stopping { get; init; }

    public ConfigRepository OpenConfigRepository(ILog log)
    {
        var remote = RemoteUrl.Parse(ConfigRepo, WorkingDirectory);
        GitTimeouts.Apply(GitTimeout);
        var credentials = GitCredentials.From(GitUsername ?? remote.UserOnly, GitPassword, GitToken);
        var identity = CommitIdentity.From(User, CiJob, Environment);
        return new ConfigRepository(
            new ConfigRepoOptions(remote, ConfigBranch, credentials, Path.Combine(CacheDirectory, "config-repos"), PushAttempts, identity)
            {
                PushBranch = PushBranch,
                CacheLockTimeout = LockTimeout,
            }, log);
    }

    public IGlobalLock OpenLock(ConfigRepository repository, ILog log) => Lock switch
    {
        // Jobs of this machine queue for the git lock first, so that one at a time asks the server, and hand it to each other.
        LockKind.Git => new MachineQueuedLock(
            new GitLock(repository.Cache, LockBranch, Owner(repository), LockTtl, LockTimeout, log) { Stopping = Stopping },
            MachineQueuedLock.PathFor(repository.Options.Remote, LockBranch), LockTimeout, log) { Stopping = Stopping },
        LockKind.Lease => OpenLeaseLock(repository, log),
        LockKind.File => new FileLock(LockFile ?? Path.Combine(CacheDirectory, "pipelines.lock"), LockTimeout, log),
        _ => new NoLock(),
    };

    private LockOwner Owner(ConfigRepository repository) => LockOwner.ForThisProcess(repository.Options.Identity.Name, CiJob?.BuildUrl);

    // A method of its own: the Kubernetes client library is loaded (~20 ms of start-up) only by runs that take a lease.
    private LeaseLock OpenLeaseLock(ConfigRepository repository, ILog log) =>
        new(ConnectToCluster(LockNamespace, log).Client, LockNamespace, LockBranch, Owner(repository), LockTtl, LockTimeout, log) { Stopping = Stopping };

    /// <summary>The cluster of an environment: its <c>cluster:</c> in pipelines.yaml, or the selection's override.</summary>
    public IEnvironmentCluster OpenCluster(EnvironmentConfig environment, ILog log) => KubernetesEnvironmentCluster.Connect(environment, Kubernetes, log);

    /// <summary>A client for a cluster that is no environment's (the Lease of <see cref="LockKind.Lease"/>), after saying which
    /// cluster it is.</summary>
    public (k8s.Kubernetes Client, ResolvedCluster Cluster) ConnectToCluster(string? @namespace, ILog log) => ConnectToCluster(Kubernetes, @namespace, log);

    /// <summary>The same from the cluster settings alone, for what needs no config repo (V1's SetImage, ListServices without an
    /// environment).</summary>
    public static (k8s.Kubernetes Client, ResolvedCluster Cluster) ConnectToCluster(KubernetesSettings kubernetes, string? @namespace, ILog log)
    {
        ResolvedCluster cluster;
        try
        {
            cluster = ClusterConnection.Resolve(kubernetes.Selection, null);
        }
        catch (ClusterConnectionException e)
        {
            throw new PipelinesException(FaultKind.Failed, e.Message, e);
        }
        if (@namespace is not null) cluster = cluster with { Namespace = @namespace };
        log.Info(cluster.Line);
        return (KubeClient.Create(cluster.Configuration, kubernetes.Requests, log), cluster);
    }

    /// <summary>Where the release manager's operations read and write, opened as above; <paramref name="notify"/> is told of
    /// every operation that committed or failed.</summary>
    public ReleaseManagerSettings Settings(ILog log, Action<ReleaseNotice>? notify = null) => new()
    {
        OpenRepository = () => OpenConfigRepository(log),
        OpenLock = repository => OpenLock(repository, log),
        OpenCluster = Apply ? environment => OpenCluster(environment, log) : null,
        ReadCluster = environment => OpenCluster(environment, log),
        Registry = Registry,
        RolloutTimeout = Kubernetes.RolloutTimeout,
        Notify = notify,
    };
}
