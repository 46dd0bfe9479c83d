using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Notifications;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// The parameters of every target that reads or writes the config repo (and, from the base, the registry's).
/// Target sets that need them derive from this class; the runner gives a parameter declared by several sets one
/// shared value.
/// </summary>
public abstract class ConfigRepoParameters : RegistryParameters
{
    [Parameter("The config repo: a path, file://, git://, http(s)://, ssh:// or user@host:path.")]
    public string? ConfigRepo { get; set; }

    [Parameter("The environment of pipelines.yaml to work on (History, ListServices: only this one).")]
    public string? Environment { get; set; }

    [Parameter("The workload(s): name, namespace/name or namespace:kind/name (UpdateConfigRepo and SetImage take one; Release, Promote and History several).")]
    public string[] Service { get; set; } = [];

    [Parameter("The container whose image changes (default: the workload's only container).")]
    public string? Container { get; set; }

    [Parameter("The image to release, e.g. registry.example.com/team/app:1.4.2 (default for SetImage and UpdateConfigRepo: what PushImage pushed in this job).")]
    public string? Image { get; set; }

    [Parameter("Apply the changed manifests to the cluster after the push; false leaves that to a GitOps agent (Argo CD, Flux).")]
    public bool Apply { get; set; } = true;

    [Parameter("The config repo's branch."), BranchName]
    public string ConfigBranch { get; set; } = "main";

    [Parameter("User name for an http(s) config repo (default with a token: x-access-token).")]
    public string? GitUsername { get; set; }

    [Parameter("Password for an http(s) config repo."), Secret]
    public string? GitPassword { get; set; }

    [Parameter("Token for an http(s) config repo, sent as the password.", EnvironmentVariables = ["GIT_TOKEN"]), Secret]
    public string? GitToken { get; set; }

    [Parameter("Push commits to this branch instead of --config-branch (for branches protected by merge requests); an existing one is built on."), BranchName]
    public string? PushBranch { get; set; }

    [Parameter("Who the change is by, as 'Name <email>' or a name (default: the CI job, else $USER).")]
    public string? User { get; set; }

    [Parameter("How releases are serialised: git (a lock branch in the config repo), lease (a Kubernetes Lease), file (one host) or none.")]
    public LockKind Lock { get; set; } = LockKind.Git;

    [Parameter("How long to wait for the lock before giving up (1s to 24h)."), ValueRange("1s", "24h")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter("A held lock unrenewed for this long is taken over (holders renew every third of it); 5s to 1h.")]
    [ValueRange("5s", "1h")]
    public TimeSpan LockTtl { get; set; } = TimeSpan.FromMinutes(2);

    [Parameter("The branch of the config repo that holds the git lock (with --lock lease: the Lease's name).")]
    public string LockBranch { get; set; } = "pipelines-lock";

    [Parameter("The namespace of the Lease of --lock lease (its name is --lock-branch's value).")]
    public string LockNamespace { get; set; } = "default";

    [Parameter("The file of --lock file (default: <settings>/temp/pipelines.lock).")]
    public string? LockFile { get; set; }

    [Parameter("How many times to re-apply a change when the config branch moved before the push (1 to 100)."), ValueRange("1", "100")]
    public int PushAttempts { get; set; } = 10;

    [Parameter("A kubeconfig file to find clusters in (default: the KUBECONFIG files, ~/.kube/config, in-cluster); an environment's cluster: in pipelines.yaml still decides which cluster.")]
    public string? Kubeconfig { get; set; }

    [Parameter("Where kubeconfig files are, merged as kubectl merges them (a:b); only where: an environment's cluster: in pipelines.yaml decides which cluster.", EnvironmentVariables = ["KUBECONFIG"])]
    public string? KubeconfigFiles { get; set; }

    [Parameter("The kubeconfig context (default: the environment's cluster.context, else the current context); one naming another cluster than the environment's is refused.")]
    public string? KubeContext { get; set; }

    [Parameter("Use --kube-context/--kubeconfig even though it names another cluster than the environment's cluster: in pipelines.yaml.")]
    public bool ClusterOverride { get; set; }

    [Parameter("How long one request to the Kubernetes API may take; reads and idempotent writes are retried with backoff on 429, 5xx and dropped connections; 1s to 10m."),
     ValueRange("1s", "10m")]
    public TimeSpan KubeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // At least 1s: with 0 the first sight of ImagePullBackOff, which a registry blip also causes, would fail the rollout.
    [Parameter("How long a pod may stay in a state it cannot recover from (ImagePullBackOff, CrashLoopBackOff, …) before its rollout fails; 1s to 1h."),
     ValueRange("1s", "1h")]
    public TimeSpan FailureGrace { get; set; } = TimeSpan.FromSeconds(60);

    [Parameter("How long to wait for each rollout (0s: do not wait); one still going then fails the run (the commit stays in git), unless --allow-pending."), ValueRange("0s", "24h")]
    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Parameter("A rollout still going at --rollout-timeout is reported pending and the run succeeds (default: it fails, exit 1).")]
    public bool AllowPending { get; set; }

    [Parameter("Change named workloads even when they are locked (Release, Rollback, UpdateConfigRepo; Promote: also an unhealthy source or a rejected image); the report says a lock was overridden.")]
    public bool Force { get; set; }

    [Parameter("Show what would change without changing anything: nothing is locked, committed, pushed or applied.")]
    public bool DryRun { get; set; }

    [Parameter("Why: the lock message (Lock), or a note added to the commit message.")]
    public string? Message { get; set; }

    [Parameter("Post a notification of every release, rollback, promotion and lock here (repeatable): slack+https://… or a " +
        "hooks.slack.com URL gets Slack's payload, any other http(s) URL the generic JSON (docs/watch.md).")]
    [Secret]
    public string[] NotifyUrl { get; set; } = [];

    private Notifier? _notifier;

    [Parameter("How long a git server may take to accept a connection, and to answer each read or write of a fetch, push or ls-remote " +
        "(git://, http(s)://; over ssh: OpenSSH's ConnectTimeout and ServerAliveInterval); 1s to 10m."), ValueRange("1s", "10m")]
    public TimeSpan GitTimeout { get; set; } = GitTimeouts.Default;

    /// <summary>Branches that must differ, and a git lock branch git accepts; checked before anything runs.</summary>
    protected override IEnumerable<string> ParameterProblems()
    {
        if (Lock != LockKind.Git) yield break;
        // A lock commit has an empty tree: on the config branch it would delete every environment at its head.
        if (LockBranch == ConfigBranch)
        {
            yield return $"--lock-branch {LockBranch} is the config branch (--config-branch {ConfigBranch}): lock commits, whose trees are empty, would land on it " +
                "and delete every environment. Give the lock a branch of its own, e.g. --lock-branch pipelines-lock (the default).";
        }
        else if (LockBranch == PushBranch)
        {
            yield return $"--lock-branch {LockBranch} is also --push-branch: lock commits, whose trees are empty, would land on the branch under review. " +
                "Give the lock a branch of its own, e.g. --lock-branch pipelines-lock (the default).";
        }
        if (BranchName.Problem(LockBranch) is { } problem)
        {
            yield return $"--lock-branch '{LockBranch}' is not a valid git branch name: {problem} (git check-ref-format --branch). " +
                "Write a branch name git accepts, e.g. pipelines-lock (the default).";
        }
    }

    protected ConfigRepository OpenConfigRepository()
    {
        var remote = RemoteUrl.Parse(ConfigRepo ?? throw new BuildFailure("--config-repo is required."), Directory.GetCurrentDirectory());
        GitTimeouts.Apply(GitTimeout);
        var credentials = GitCredentials.From(GitUsername ?? remote.UserOnly, GitPassword, GitToken);
        var identity = CommitIdentity.From(User, CiJob, EnvironmentVariables());
        return new ConfigRepository(
            new ConfigRepoOptions(remote, ConfigBranch, credentials, Path.Combine(Context.TempDirectory, "config-repos"), PushAttempts, identity) { PushBranch = PushBranch, CacheLockTimeout = LockTimeout }, Progress);
    }

    protected IGlobalLock OpenLock(ConfigRepository repository) => Lock switch
    {
        LockKind.Git => new GitLock(repository.Cache, LockBranch, LockOwner.ForThisProcess(repository.Options.Identity.Name, Context.Host.BuildUrl), LockTtl, LockTimeout, Progress,
            machineQueue: GitLock.MachineQueuePath(repository.Options.Remote, LockBranch)) { Stopping = Context.Stopping },
        LockKind.Lease => OpenLeaseLock(repository),
        LockKind.File => new FileLock(LockFile ?? Path.Combine(Context.TempDirectory, "pipelines.lock"), LockTimeout, Progress),
        _ => new NoLock(),
    };

    // A method of its own: the Kubernetes client library is loaded (~20 ms of start-up) only by runs that take a lease.
    private LeaseLock OpenLeaseLock(ConfigRepository repository) =>
        new(ConnectToCluster(LockNamespace).Client, LockNamespace, LockBranch,
            LockOwner.ForThisProcess(repository.Options.Identity.Name, Context.Host.BuildUrl), LockTtl, LockTimeout, Progress) { Stopping = Context.Stopping };

    /// <summary>What releases and ListServices ask the registry: tags per policy, digests to pin.</summary>
    internal ReleaseManager.RegistryLookup Registry() => new(RegistryOptions, Progress);

    /// <summary>The cluster of an environment, from --kubeconfig/--kube-context or its cluster: in pipelines.yaml.</summary>
    protected IEnvironmentCluster OpenCluster(Config.EnvironmentConfig environment) =>
        Kubernetes.KubernetesEnvironmentCluster.Connect(environment, KubernetesSettings(), Progress);

    /// <summary>The cluster parameters, for connecting an environment's cluster (see docs/kubernetes.md, "Which cluster").</summary>
    protected KubernetesSettings KubernetesSettings() => new()
    {
        Selection = new ClusterSelection { Kubeconfig = Kubeconfig, KubeconfigFiles = KubeconfigFiles, Context = KubeContext, Override = ClusterOverride, CredentialTimeout = KubeTimeout },
        Requests = KubeRequestPolicy.Default with { Timeout = KubeTimeout },
        RolloutTimeout = RolloutTimeout,
        FailureGrace = FailureGrace,
    };

    /// <summary>A client for a cluster that is no environment's (SetImage, the lease of --lock lease), after printing which cluster it is.</summary>
    protected (k8s.Kubernetes Client, ResolvedCluster Cluster) ConnectToCluster(string? @namespace)
    {
        var settings = KubernetesSettings();
        ResolvedCluster cluster;
        try
        {
            cluster = ClusterConnection.Resolve(settings.Selection, null);
        }
        catch (ClusterConnectionException e)
        {
            throw new BuildFailure(e.Message);
        }
        if (@namespace is not null) cluster = cluster with { Namespace = @namespace };
        Log.Info(cluster.Line);
        return (KubeClient.Create(cluster.Configuration, settings.Requests, Progress), cluster);
    }

    /// <summary>The operations the Watch service's API runs too, reading and writing where these parameters say.</summary>
    protected ReleaseOperations Operations() => new(ReleaseSettings() with { Notify = OpenNotifier().Post }, Progress);

    /// <summary>Where operations read and write, from these parameters: the targets' and the Watch service's, built once here.</summary>
    protected ReleaseManagerSettings ReleaseSettings() => new()
    {
        OpenRepository = OpenConfigRepository,
        OpenLock = OpenLock,
        OpenCluster = Apply ? OpenCluster : null,
        ReadCluster = OpenCluster,
        Registry = RegistryOptions,
        RolloutTimeout = RolloutTimeout,
    };

    private Notifier OpenNotifier() => _notifier ??= new Notifier(NotifyUrl.Select(Notifications.NotifyUrl.Parse).ToList(), Progress);

    protected OperationOptions OperationOptions(Caller? caller = null) =>
        new(Environment!) { Caller = caller, DryRun = DryRun, Message = Message, AllowPending = AllowPending };

    /// <summary>Prints the report (text or JSON), waits for its notifications (bounded by their retries); exit 1 when a workload failed.</summary>
    protected async Task PrintReportAsync(ReleaseReport report)
    {
        if (Output == OutputFormat.Json) Context.Results.WriteLine(ReleaseReportRenderer.Json(report));
        else foreach (var line in ReleaseReportRenderer.Table(report)) Context.Results.WriteLine(line);
        if (Context.Host.IsCi) WriteReportForCi(report);
        if (_notifier is not null) await _notifier.DrainAsync();
        if (report.AnyFailed)
        {
            var failed = report.Results.Where(r => r.Status == WorkloadStatus.Failed).ToList();
            throw new BuildFailure($"{failed.Count} workload(s) failed: " + string.Join("; ", failed.Select(r => $"{r.Workload}: {r.Reason}")) +
                (report.Pushed ? $" (commit {ConfigRepository.Short(report.Commit)} is in {report.Branch})" : " (nothing was committed)"));
        }
    }

    /// <summary>On CI, the JSON report also goes to temp/reports/ (failed releases too), for the job to archive.</summary>
    private void WriteReportForCi(ReleaseReport report)
    {
        var folder = Path.Combine(Context.TempDirectory, "reports");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, report.Release + ".json");
        File.WriteAllText(file, ReleaseReportRenderer.Json(report) + "\n");
        Log.Info($"Report written to {file}.");
    }

    private static IReadOnlyDictionary<string, string> EnvironmentVariables() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
}
