using Pipelines.Reporting;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Notifications;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// The base of every product target set: where the library meets the runner. The library's log goes to the runner's
/// (<see cref="Progress"/>), the library's faults become exit codes, once (<see cref="Fault"/>: 2 for what the caller
/// must fix in the command, else 1), and the parameters become what the library opens: the config repo, the lock,
/// clusters, the registry, the release manager's operations, and their reports printed.
/// </summary>
/// <remarks>
/// It declares no parameter. Each set says which parameters it takes by implementing their components (Parameters/:
/// <see cref="IConfigRepoParameters"/>, <see cref="IClusterParameters"/> …), and the behaviour here reads them through
/// those interfaces. The behaviour lives in this base class rather than in extension methods on the components because
/// the targets call it as they always did (<c>PrintReportAsync(await Operations().ReleaseAsync(…))</c>, where extension
/// methods would need <c>this.</c> at every call), because it keeps state per set (the notifier whose posts a report waits
/// for), and because it reaches the runner's protected members (<see cref="TargetSet.Log"/>). The price: which components a
/// helper reads is checked when it runs, not compiled — a set that calls <see cref="Operations"/> without implementing
/// <see cref="IClusterParameters"/> fails the first run of that target, saying which interface to add (<see cref="Uses{T}"/>).
/// </remarks>
public abstract class ProductTargetSet : TargetSet
{
    private RunnerLog? _progress;
    private Notifier? _notifier;

    // When the run began (the sets are made as the program starts): a report's "Took N s" is the whole command's time, as
    // fluxctl's was, start-up included.
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>The runner's log, as the library's <see cref="ILog"/>: hand it to what the library opens.</summary>
    protected ILog Progress => _progress ??= new RunnerLog(Log);

    /// <summary>The CI job this run is part of, as the runner's host detected it; null in a terminal.</summary>
    protected CiJob? CiJob => Context.Host.IsCi ? new CiJob(Context.Host.Name, Context.Host.BuildNumber, Context.Host.BuildUrl) : null;

    protected override int? ExitCodeOf(Exception exception) => Fault.KindOf(exception) is { } kind ? Fault.ExitCode(kind) : null;

    /// <summary>A set that takes <c>--deadline</c> runs each of its targets within it; one that does not (Watch, a service)
    /// runs without.</summary>
    protected override TimeSpan? TargetDeadline => this is IDeadlineParameters parameters ? parameters.Deadline : null;

    /// <summary>For a set that takes the config repo's parameters: branches that must differ, and a git lock branch git
    /// accepts; checked before anything runs.</summary>
    protected override IEnumerable<string> ParameterProblems() => this is IConfigRepoParameters config ? LockBranchProblems(config) : [];

    private static IEnumerable<string> LockBranchProblems(IConfigRepoParameters config)
    {
        if (config.Lock != LockKind.Git) yield break;
        // A lock commit has an empty tree: on the config branch it would delete every environment at its head.
        if (config.LockBranch == config.ConfigBranch)
        {
            yield return $"--lock-branch {config.LockBranch} is the config branch (--config-branch {config.ConfigBranch}): lock commits, whose trees are empty, would land on it " +
                "and delete every environment. Give the lock a branch of its own, e.g. --lock-branch pipelines-lock (the default).";
        }
        else if (config.LockBranch == config.PushBranch)
        {
            yield return $"--lock-branch {config.LockBranch} is also --push-branch: lock commits, whose trees are empty, would land on the branch under review. " +
                "Give the lock a branch of its own, e.g. --lock-branch pipelines-lock (the default).";
        }
        if (BranchName.Problem(config.LockBranch) is { } problem)
        {
            yield return $"--lock-branch '{config.LockBranch}' is not a valid git branch name: {problem} (git check-ref-format --branch). " +
                "Write a branch name git accepts, e.g. pipelines-lock (the default).";
        }
    }

    /// <summary>What the parameters connect to, for the library to open: the config repo, the lock, clusters, registry.</summary>
    protected Connections Connections()
    {
        var cluster = Uses<IClusterParameters>();
        return ConfigRepoConnections() with { Kubernetes = KubernetesSettings(cluster), Apply = cluster.Apply, Registry = RegistryOptions };
    }

    /// <summary>The config repo, how git reaches it, who commits and the lock; no cluster, no registry (GlobalLockStatus needs none).</summary>
    private Connections ConfigRepoConnections()
    {
        var config = Uses<IConfigRepoParameters>();
        return new()
        {
            ConfigRepo = config.ConfigRepo ?? throw new BuildFailure("--config-repo is required."),
            WorkingDirectory = Context.WorkingDirectory,
            CacheDirectory = Context.TempDirectory,
            ConfigBranch = config.ConfigBranch,
            PushBranch = config.PushBranch,
            GitUsername = config.GitUsername,
            GitPassword = config.GitPassword,
            GitToken = config.GitToken,
            GitTimeout = config.GitTimeout,
            PushAttempts = config.PushAttempts,
            User = config.User,
            CiJob = CiJob,
            Environment = Context.EnvironmentVariables,
            Lock = config.Lock,
            LockBranch = config.LockBranch,
            LockNamespace = config.LockNamespace,
            LockFile = config.LockFile,
            LockTtl = config.LockTtl,
            LockTimeout = config.LockTimeout,
            Stopping = Context.Stopping,
        };
    }

    /// <summary>Operations that only read the config repo and the registry (ListImages --service): no cluster, no lock,
    /// no notifications, so a set offering them needs none of those parameters.</summary>
    protected ReleaseOperations ReadingOperations() => new((ConfigRepoConnections() with { Registry = RegistryOptions, Apply = false }).Settings(Progress), Progress);

    protected ConfigRepository OpenConfigRepository() => ConfigRepoConnections().OpenConfigRepository(Progress);

    /// <summary>How the registry parameters reach a registry: ListImages, releases, ListServices.</summary>
    protected RegistryOptions RegistryOptions
    {
        get
        {
            var registry = Uses<IRegistryParameters>();
            return new()
            {
                Username = registry.RegistryUsername,
                Password = registry.RegistryPassword,
                Platform = registry.Platform,
                InsecureRegistries = registry.InsecureRegistries,
                RequestTimeout = registry.RegistryTimeout,
            };
        }
    }

    /// <summary>What releases and ListServices ask the registry: tags per policy, digests to pin.</summary>
    internal RegistryLookup RegistryLookup() => new(RegistryOptions, Progress);

    /// <summary>The cluster of an environment, from --kubeconfig/--kube-context or its cluster: in pipelines.yaml.</summary>
    protected IEnvironmentCluster OpenCluster(EnvironmentConfig environment) => Connections().OpenCluster(environment, Progress);

    /// <summary>Where kubeconfig files are, which one and which context: the cluster parameters, for the library to resolve
    /// (see docs/kubernetes.md, "Which cluster").</summary>
    protected ClusterSelection ClusterSelection()
    {
        var cluster = Uses<IClusterParameters>();
        return new ClusterSelection
        {
            Kubeconfig = cluster.Kubeconfig,
            KubeconfigFiles = cluster.KubeconfigFiles,
            Context = cluster.KubeContext,
            Override = cluster.ClusterOverride,
            CredentialTimeout = cluster.KubeTimeout,
        };
    }

    /// <summary>The cluster parameters, for connecting an environment's cluster.</summary>
    private KubernetesSettings KubernetesSettings(IClusterParameters cluster) => new()
    {
        Selection = ClusterSelection(),
        Requests = KubeRequestPolicy.Default with { Timeout = cluster.KubeTimeout },
        RolloutTimeout = cluster.RolloutTimeout,
        FailureGrace = cluster.FailureGrace,
    };

    /// <summary>A client for a cluster that is no environment's (SetImage, ListServices without --environment), after printing which
    /// cluster it is. From the cluster parameters alone: V1 has no config repo, which <see cref="Connections()"/> requires.</summary>
    protected (k8s.Kubernetes Client, ResolvedCluster Cluster) ConnectToCluster(string? @namespace) =>
        ReleaseManager.Connections.ConnectToCluster(KubernetesSettings(Uses<IClusterParameters>()), @namespace, Progress);

    /// <summary>The operations the Watch service's API runs too, reading and writing where these parameters say.</summary>
    protected ReleaseOperations Operations() => new(Connections().Settings(Progress, OpenNotifier().Post), Progress);

    /// <summary>Where <c>--notify-url</c> says, once per set: <see cref="PrintReportAsync"/> waits for what it posted.</summary>
    private Notifier OpenNotifier() =>
        _notifier ??= new Notifier(Uses<INotificationParameters>().NotifyUrl.Select(NotifyUrl.Parse).ToList(), Progress);

    protected OperationOptions OperationOptions(Caller? caller = null)
    {
        var change = Uses<IChangeParameters>();
        return new(Uses<IWorkloadParameters>().Environment!) { Caller = caller, DryRun = change.DryRun, Message = change.Message, AllowPending = change.AllowPending };
    }

    /// <summary><c>--output json</c>: the result as JSON, and nothing else on stdout.</summary>
    protected bool JsonOutput => Uses<IOutputParameters>().Output == OutputFormat.Json;

    /// <summary><c>--output</c>: text (compact), wide (every row, references whole) or json.</summary>
    protected OutputFormat Output => Uses<IOutputParameters>().Output;

    /// <summary>How wide a table may be: the terminal's (else <c>COLUMNS</c>, else 120); with <c>-o wide</c>, as wide as it is.</summary>
    protected int TableWidth => Output == OutputFormat.Wide ? TextTable.Unlimited : Context.ResultsWidth;

    /// <summary>Prints the report (text or JSON), waits for its notifications (bounded by their retries); exit 1 when a workload failed.</summary>
    protected async Task PrintReportAsync(ReleaseReport report)
    {
        if (JsonOutput) Context.Results.WriteLine(ReleaseReportRenderer.Json(report));
        else foreach (var line in ReleaseReportRenderer.Table(report, System.Diagnostics.Stopwatch.GetElapsedTime(_started), Output, TableWidth)) Context.Results.WriteLine(line);
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

    /// <summary>This set as the component a helper reads; a set that does not implement it is a mistake in the set, named here.</summary>
    private T Uses<T>() where T : class, IParameterComponent => this as T ?? throw new InvalidOperationException(
        $"{GetType().Name} calls a helper of ProductTargetSet that reads {typeof(T).Name}, but does not implement it: add it to the class's components " +
        $"(class {GetType().Name} : ProductTargetSet, …, {typeof(T).Name}).");
}
