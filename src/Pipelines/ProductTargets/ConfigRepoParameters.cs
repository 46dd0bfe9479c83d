using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

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

    [Parameter("The kubeconfig file (default: the environment's cluster: in pipelines.yaml, KUBECONFIG, ~/.kube/config, in-cluster).", EnvironmentVariables = ["KUBECONFIG"])]
    public string? Kubeconfig { get; set; }

    [Parameter("The kubeconfig context (default: the environment's cluster.context, else the current context).")]
    public string? KubeContext { get; set; }

    [Parameter("How long a git server may take to accept a connection, and to answer each read or write of a fetch, push or ls-remote " +
        "(git://, http(s)://; over ssh: OpenSSH's ConnectTimeout and ServerAliveInterval); 1s to 10m."), ValueRange("1s", "10m")]
    public TimeSpan GitTimeout { get; set; } = GitTimeouts.Default;

    [Parameter("How long a target may run in all (lock wait, fetches, pushes, applying, rollout waits): past it, it stops renewing the global " +
        "lock, gives it up and fails saying what it had pushed; 5s to 24h."), ValueRange("5s", "24h")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every target that reads or writes the config repo runs within <c>--deadline</c>.</summary>
    protected override TimeSpan? TargetDeadline => Deadline;

    [Parameter("How long to wait for each rollout; a rollout still going after the push is reported pending, not failed (0s: do not wait); at most 24h."), ValueRange("0s", "24h")]
    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(5);

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
        var identity = CommitIdentity.From(User, Context.Host, EnvironmentVariables());
        return new ConfigRepository(
            new ConfigRepoOptions(remote, ConfigBranch, credentials, Path.Combine(Context.TempDirectory, "config-repos"), PushAttempts, identity) { PushBranch = PushBranch, CacheLockTimeout = LockTimeout }, Log);
    }

    protected IGlobalLock OpenLock(ConfigRepository repository) => Lock switch
    {
        LockKind.Git => new GitLock(repository.Cache, LockBranch, LockOwner.ForThisProcess(repository.Options.Identity.Name, Context.Host.BuildUrl), LockTtl, LockTimeout, Log,
            machineQueue: GitLock.MachineQueuePath(repository.Options.Remote, LockBranch)) { Stopping = Context.Stopping },
        LockKind.Lease => OpenLeaseLock(repository),
        LockKind.File => new FileLock(LockFile ?? Path.Combine(Context.TempDirectory, "pipelines.lock"), LockTimeout, Log),
        _ => new NoLock(),
    };

    // A method of its own: the Kubernetes client library is loaded (~20 ms of start-up) only by runs that take a lease.
    private LeaseLock OpenLeaseLock(ConfigRepository repository) =>
        new(new k8s.Kubernetes(ClusterConnection.Resolve(Kubeconfig, KubeContext, null, null)), LockNamespace, LockBranch,
            LockOwner.ForThisProcess(repository.Options.Identity.Name, Context.Host.BuildUrl), LockTtl, LockTimeout, Log) { Stopping = Context.Stopping };

    /// <summary>What releases and ListServices ask the registry: tags per policy, digests to pin.</summary>
    internal ReleaseManager.RegistryLookup Registry() => new(RegistryOptions, Log);

    /// <summary>The cluster of an environment, from --kubeconfig/--kube-context or its cluster: in pipelines.yaml.</summary>
    protected IEnvironmentCluster OpenCluster(Config.EnvironmentConfig environment) =>
        Kubernetes.KubernetesEnvironmentCluster.Connect(environment, Kubeconfig, KubeContext, RolloutTimeout, Log);

    private static IReadOnlyDictionary<string, string> EnvironmentVariables() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
}
