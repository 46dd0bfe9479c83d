using Pipelines.Cli;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Kube.Tools;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// A cluster (the API emulator, its kubeconfig context named <c>staging</c> as manifests-example's
/// pipelines.yaml expects), a real git server holding manifests-example as the config repo, and the
/// product targets run in-process against both.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private readonly TargetHarness _targets = new();

    private ClusterHarness(KubeApiEmulator emulator, string kubeconfig)
    {
        Emulator = emulator;
        Kubeconfig = kubeconfig;
        Server.CreateRepository("config", ExampleFiles());
        Kubectl = new Kubectl(kubeconfig, Path.Combine(_targets.Root, "kubectl-cache"));
    }

    public KubeApiEmulator Emulator { get; }

    public string Kubeconfig { get; }

    public GitServer Server { get; } = new();

    public Kubectl Kubectl { get; }

    public string ConfigRepo => Server.GitUrl("config");

    public static async Task<ClusterHarness> StartAsync(Func<EmulatorOptions, EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { ClusterName = "staging", PodReadyDelay = TimeSpan.FromMilliseconds(100) };
        var emulator = await KubeApiEmulator.StartAsync(configure is null ? options : configure(options));
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("pipelines-kube-").FullName, "kubeconfig"));
        return new ClusterHarness(emulator, kubeconfig);
    }

    /// <summary>Runs targets with the config repo, the cluster and no global lock preset.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        _targets.RunAsync([.. args, "--config-repo", ConfigRepo, "--kubeconfig", Kubeconfig, "--lock", "none"], new ConfigRepoTargets(), new KubernetesTargets());

    /// <summary>Runs the cluster's targets as a V1 job does: with the cluster, and no config repo anywhere.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunWithoutConfigRepo(params string[] args) =>
        _targets.RunAsync([.. args, "--kubeconfig", Kubeconfig], new KubernetesTargets());

    /// <summary>Runs targets as <see cref="Run"/> does, with the release manager's targets (Release, Rollback, Promote…) too.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunWithReleases(params string[] args) =>
        _targets.RunAsync([.. args, "--config-repo", ConfigRepo, "--kubeconfig", Kubeconfig, "--lock", "none"],
            new ConfigRepoTargets(), new KubernetesTargets(), new RegistryTargets(), new ReleaseTargets());

    /// <summary>Runs targets under the git lock (a lock branch in the config repo), as CI jobs sharing a config repo do.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunUnderGitLock(params string[] args) =>
        _targets.RunAsync([.. args, "--config-repo", ConfigRepo, "--kubeconfig", Kubeconfig, "--lock", "git", "--lock-ttl", "30s"], new ConfigRepoTargets(), new KubernetesTargets());

    /// <summary>Runs targets without --kubeconfig, with these environment variables (e.g. KUBECONFIG) set for the run.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        foreach (var (name, value) in environment) _targets.Environment[name] = value;
        try
        {
            return await _targets.RunAsync([.. args, "--config-repo", ConfigRepo, "--lock", "none"], new ConfigRepoTargets(), new KubernetesTargets());
        }
        finally
        {
            foreach (var name in environment.Keys) _targets.Environment.Remove(name);
        }
    }

    public void Commit(string message, params (string Path, string Content)[] files) => Git.CommitAndPush(ConfigRepo, "main", message, files);

    public k8s.Kubernetes Client() => new(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));

    /// <summary>manifests-example/ of this repository, as the config repo's files.</summary>
    public static (string Path, string Content)[] ExampleFiles()
    {
        var root = RepositoryRoot();
        var example = Path.Combine(root, "manifests-example");
        return Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(example, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToArray();
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipelines.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"no Pipelines.sln above {AppContext.BaseDirectory}");
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Server.Dispose();
        _targets.Dispose();
        Directory.Delete(Path.GetDirectoryName(Kubeconfig)!, recursive: true);
    }
}
