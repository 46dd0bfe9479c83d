using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Local;

/// <summary>Where the sandbox lives and what it knows about the build running it.</summary>
/// <param name="Directory">The sandbox folder (default .nuke/temp/sandbox): state, logs, data.</param>
/// <param name="RootDirectory">The repository root (for --root of the processes it starts, and manifests-example/).</param>
/// <param name="SettingsDirectory">Where parameters.sandbox.json is written (.nuke).</param>
public sealed record SandboxPaths(string Directory, string RootDirectory, string SettingsDirectory)
{
    public string Logs => Path.Combine(Directory, "logs");
    public string Kubeconfig => Path.Combine(Directory, "kubeconfig");
    public string ProfileFile => Path.Combine(SettingsDirectory, "parameters.sandbox.json");
}

/// <summary>
/// The local sandbox: a git server with the config repo, the distribution registry, a Docker engine and
/// one Kubernetes API emulator per environment (contexts <c>staging</c> and <c>production</c>), all on
/// 127.0.0.1, all background processes recorded in <c>sandbox.json</c> the moment they start.
/// Starting again reuses what answers; <see cref="StopAsync"/> stops every recorded process and removes the folder.
/// </summary>
public sealed class LocalSandbox(SandboxPaths paths, Log log)
{
    public static readonly string[] Environments = ["staging", "production"];

    public async Task<SandboxState> StartAsync(CancellationToken cancellationToken = default)
    {
        var state = SandboxState.Read(paths.Directory);
        if (state.Processes.Count > 0)
        {
            if (await AllAnswerAsync(state, cancellationToken))
            {
                log.Info($"The sandbox in {paths.Directory} is running; reusing it.");
                return state;
            }
            log.Warn("Part of the sandbox is gone (a process died, or the machine restarted); starting it afresh.");
            await StopAsync(paths.Directory, log);
        }
        var needDocker = await ReachableDockerAsync(cancellationToken) is null;
        await Prerequisites.EnsureAsync(needDocker ? [.. Prerequisites.Always, .. Prerequisites.ForDocker] : Prerequisites.Always, log, cancellationToken);
        System.IO.Directory.CreateDirectory(paths.Directory);
        state = new SandboxState();

        state.Registry = await StartRegistryAsync(state, cancellationToken);
        var (files, images) = SandboxSeed.ConfigRepoFiles(Path.Combine(paths.RootDirectory, "manifests-example"), state.Registry);
        log.Info($"Pushing {images.Count} images of the sock-shop to {state.Registry}.");
        await SandboxSeed.PushImagesAsync(state.Registry, images, cancellationToken);
        SandboxSeed.CreateConfigRepo(Path.Combine(paths.Directory, "git"), files);
        state.ConfigRepo = await StartGitAsync(state, cancellationToken);
        state.DockerHost = await ReachableDockerAsync(cancellationToken) ?? await StartDockerAsync(state, cancellationToken);
        foreach (var environment in Environments)
        {
            state.Clusters[environment] = await StartEmulatorAsync(state, environment, cancellationToken);
        }
        state.Write(paths.Directory);
        File.WriteAllText(paths.Kubeconfig, KubeconfigFile(state.Clusters));
        WriteProfile(state);
        foreach (var environment in Environments) await SyncAsync(environment, cancellationToken);
        return state;
    }

    /// <summary>Applies an environment of the config repo to its cluster, with the product's own Sync target.</summary>
    private async Task SyncAsync(string environment, CancellationToken cancellationToken)
    {
        log.Info($"Applying the {environment} environment of the config repo to its cluster (./build.sh Sync --profile sandbox --environment {environment}).");
        var (program, prefix) = SelfCommand();
        var output = new List<string>();
        var exit = await ProcessRunner.RunAsync(program, [.. prefix, "Sync", "--root", paths.RootDirectory, "--profile", "sandbox", "--environment", environment, "--no-logo", "--verbosity", "minimal"],
            output.Add, cancellationToken: cancellationToken);
        if (exit != 0) throw new BuildFailure($"Sync of {environment} into the sandbox failed:\n{string.Join('\n', output.TakeLast(20))}");
        foreach (var line in output.Where(l => l.StartsWith("Sync of", StringComparison.Ordinal))) log.Info(line);
    }

    /// <summary>Stops every recorded process (also those of a crashed Sandbox run) and removes the sandbox folder.</summary>
    public static async Task StopAsync(string directory, Log log)
    {
        var state = SandboxState.Read(directory);
        foreach (var process in Enumerable.Reverse(state.Processes))
        {
            if (DetachedProcess.IsAlive(process.Pid)) log.Info($"Stopping {process.Name} (pid {process.Pid}).");
            await DetachedProcess.StopAsync(process.Pid, TimeSpan.FromSeconds(process.Name == "docker" ? 20 : 5));
        }
        KillPidFile(Path.Combine(directory, "docker", "x", "containerd", "containerd.pid"));
        UnmountUnder(directory);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<bool> AllAnswerAsync(SandboxState state, CancellationToken cancellationToken)
    {
        foreach (var process in state.Processes)
        {
            if (!DetachedProcess.IsAlive(process.Pid) || !await AnswersAsync(process.Endpoint, cancellationToken)) return false;
        }
        return state.DockerHost is not null && await Endpoints.DockerAnswersAsync(state.DockerHost, cancellationToken);
    }

    private static Task<bool> AnswersAsync(string endpoint, CancellationToken cancellationToken) => endpoint switch
    {
        _ when endpoint.StartsWith("http", StringComparison.Ordinal) => Endpoints.HttpAnswersAsync(endpoint, cancellationToken),
        _ when endpoint.StartsWith("unix://", StringComparison.Ordinal) => Endpoints.DockerAnswersAsync(endpoint, cancellationToken),
        _ => Endpoints.TcpAnswersAsync(new Uri(endpoint).Port, cancellationToken),
    };

    private async Task<string> StartRegistryAsync(SandboxState state, CancellationToken cancellationToken)
    {
        var port = Endpoints.FreePort();
        var folder = Path.Combine(paths.Directory, "registry");
        System.IO.Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log: {"{"} level: warn {"}"}
            storage:
              filesystem: {"{"} rootdirectory: {Path.Combine(folder, "data")} {"}"}
              delete: {"{"} enabled: true {"}"}
            http:
              addr: 127.0.0.1:{port}
            """);
        await StartAsync(state, "registry", "docker-registry", ["serve", config], $"http://127.0.0.1:{port}/v2/", cancellationToken);
        return $"127.0.0.1:{port}";
    }

    private async Task<string> StartGitAsync(SandboxState state, CancellationToken cancellationToken)
    {
        var port = Endpoints.FreePort();
        var root = Path.Combine(paths.Directory, "git");
        await StartAsync(state, "git", "git",
            ["daemon", "--reuseaddr", $"--base-path={root}", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1", $"--port={port}", root],
            $"git://127.0.0.1:{port}/", cancellationToken);
        return $"git://127.0.0.1:{port}/config.git";
    }

    private async Task<string> StartDockerAsync(SandboxState state, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new BuildFailure("no Docker engine answers (DOCKER_HOST, /var/run/docker.sock) and starting one needs root. Start dockerd, or set DOCKER_HOST, and run again.");
        }
        var folder = Path.Combine(paths.Directory, "docker");
        var socket = Path.Combine(folder, "d.sock");
        if (socket.Length >= 100)
        {
            throw new BuildFailure($"the Docker socket {socket} would be longer than a unix socket path may be; pass a shorter --sandbox-dir.");
        }
        System.IO.Directory.CreateDirectory(folder);
        // No bridge and no iptables rules: builds need no network, and nothing must outlive the sandbox.
        await StartAsync(state, "docker", Prerequisites.Find("dockerd")!,
            ["--data-root", Path.Combine(folder, "data"), "--exec-root", Path.Combine(folder, "x"), "--pidfile", Path.Combine(folder, "dockerd.pid"),
             "-H", "unix://" + socket, "--bridge=none", "--iptables=false", "--ip-masq=false", "--log-level=warn"],
            "unix://" + socket, cancellationToken, TimeSpan.FromSeconds(60));
        return "unix://" + socket;
    }

    private async Task<string> StartEmulatorAsync(SandboxState state, string environment, CancellationToken cancellationToken)
    {
        var port = Endpoints.FreePort();
        var (program, prefix) = SelfCommand();
        await StartAsync(state, $"kubernetes-{environment}", program,
            [.. prefix, "KubeEmulator", "--root", paths.RootDirectory, "--no-logo", "--listen", $"127.0.0.1:{port}", "--cluster-name", environment,
             "--state-dir", Path.Combine(paths.Directory, "kube", environment), "--kubeconfig-out", Path.Combine(paths.Directory, "kube", environment + ".kubeconfig"),
             "--pull-from", state.Registry!, "--bad-images", "*-broken"],
            $"http://127.0.0.1:{port}/version", cancellationToken, TimeSpan.FromSeconds(60));
        return $"http://127.0.0.1:{port}";
    }

    private async Task StartAsync(SandboxState state, string name, string program, IReadOnlyList<string> arguments, string endpoint, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var logFile = Path.Combine(paths.Logs, name + ".log");
        var pid = DetachedProcess.Start(program, arguments, logFile);
        state.Record(paths.Directory, new SandboxProcess(name, pid, endpoint, logFile));   // recorded before waiting: --stop finds it even if we crash now
        log.Info($"Started {name} (pid {pid}), waiting for {endpoint}");
        await Endpoints.WaitAsync(name, pid, logFile, () => AnswersAsync(endpoint, cancellationToken), timeout ?? TimeSpan.FromSeconds(30), cancellationToken);
    }

    private static async Task<string?> ReachableDockerAsync(CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (configured is { Length: > 0 } && await Endpoints.DockerAnswersAsync(configured, cancellationToken)) return configured;
        return await Endpoints.DockerAnswersAsync("unix:///var/run/docker.sock", cancellationToken) ? "unix:///var/run/docker.sock" : null;
    }

    /// <summary>How to run this same build program again: <c>dotnet _build.dll</c>, or its apphost.</summary>
    internal static (string Program, string[] Prefix) SelfCommand()
    {
        var process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [Assembly.GetEntryAssembly()!.Location])
            : (process, []);
    }

    private static string KubeconfigFile(IReadOnlyDictionary<string, string> clusters) =>
        "apiVersion: v1\nkind: Config\nclusters:\n" +
        string.Concat(clusters.Select(c => $"- name: {c.Key}\n  cluster:\n    server: {c.Value}\n")) +
        "users:\n" + string.Concat(clusters.Keys.Select(n => $"- name: {n}\n  user:\n    token: {n}\n")) +
        "contexts:\n" + string.Concat(clusters.Keys.Select(n => $"- name: {n}\n  context:\n    cluster: {n}\n    user: {n}\n    namespace: sock-shop\n")) +
        $"current-context: {clusters.Keys.First()}\npreferences: {{}}\n";

    private void WriteProfile(SandboxState state)
    {
        var profile = new JsonObject
        {
            ["$comment"] = "Written by ./build.sh Sandbox: every parameter pointed at the local sandbox. Use with --profile sandbox.",
            ["ConfigRepo"] = state.ConfigRepo,
            ["Kubeconfig"] = paths.Kubeconfig,
            ["InsecureRegistries"] = new JsonArray(state.Registry),
            ["DockerHost"] = state.DockerHost,
        };
        System.IO.Directory.CreateDirectory(paths.SettingsDirectory);
        File.WriteAllText(paths.ProfileFile, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void KillPidFile(string pidFile)
    {
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) DetachedProcess.KillGroup(pid);
    }

    // A killed engine may leave overlay and shm mounts behind, which would make the folder undeletable.
    private static void UnmountUnder(string folder)
    {
        if (!File.Exists("/proc/self/mounts")) return;
        var prefix = Path.GetFullPath(folder) + "/";
        foreach (var mount in File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 1 && f[1].StartsWith(prefix, StringComparison.Ordinal))
                     .Select(f => f[1]).OrderByDescending(p => p.Length))
        {
            Umount2(mount, 2);
        }
    }

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
