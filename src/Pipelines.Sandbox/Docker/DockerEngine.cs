using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Pipelines.Sandbox.Docker;

/// <summary>
/// A Docker engine for the sandbox and the tests: the one at DOCKER_HOST or /var/run/docker.sock when it
/// answers, else a private <c>dockerd</c> (Debian package docker.io) started as root with its own data root,
/// exec root, pid file and socket under one folder, and stopped with everything it started on dispose.
/// </summary>
public sealed class DockerEngine : IAsyncDisposable
{
    const string SystemSocket = "unix:///var/run/docker.sock";
    readonly Process? _process;
    readonly StringBuilder _log = new();

    DockerEngine(string host, string? folder, Process? process)
    {
        Host = host;
        Folder = folder;
        _process = process;
    }

    /// <summary>The engine's address, as DOCKER_HOST takes it.</summary>
    public string Host { get; }

    /// <summary>The folder of a private engine (data root, exec root, socket, log); null for an existing engine.</summary>
    public string? Folder { get; }

    /// <summary>Whether this object started the engine (and so stops it).</summary>
    public bool IsPrivate => _process is not null;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Uses a running engine when one answers; otherwise starts a private one (see <see cref="StartPrivateAsync"/>).</summary>
    public static async Task<DockerEngine> StartOrFindAsync(CancellationToken ct = default)
    {
        var configured = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (configured is { Length: > 0 } && await EnginePing.AnswersAsync(configured, ct)) return new DockerEngine(configured, null, null);
        if (await EnginePing.AnswersAsync(SystemSocket, ct)) return new DockerEngine(SystemSocket, null, null);
        return await StartPrivateAsync(ct: ct);
    }

    /// <summary>
    /// Starts <c>dockerd</c> in <paramref name="folder"/> (default a new short folder under /tmp: a unix socket
    /// path must stay under 108 bytes). No bridge and no iptables rules: builds need no network, and a
    /// container shared with others must not get a docker0 bridge or FORWARD rules that outlive the engine.
    /// </summary>
    public static async Task<DockerEngine> StartPrivateAsync(string? folder = null, CancellationToken ct = default)
    {
        var dockerd = FindProgram("dockerd")
            ?? throw new InvalidOperationException("dockerd is not installed: the Docker engine comes with the Debian package docker.io (apt-get install docker.io).");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"dockerd must run as root, and this process runs as {Environment.UserName}: run as root, or start an engine and set DOCKER_HOST.");
        folder ??= Path.Combine("/tmp", "pd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var socket = Path.Combine(folder, "d.sock");
        if (socket.Length >= 108)
            throw new ArgumentException($"{socket} is {socket.Length} bytes; a unix socket path must be shorter than 108. Use a shorter folder.", nameof(folder));
        // setsid: dockerd leads its own process group, so no signal meant for the test host reaches it.
        var start = new ProcessStartInfo("setsid", [dockerd,
            "--data-root", Path.Combine(folder, "data"), "--exec-root", Path.Combine(folder, "x"),
            "--pidfile", Path.Combine(folder, "dockerd.pid"), "-H", "unix://" + socket,
            "--bridge=none", "--iptables=false", "--ip-masq=false", "--log-level=warn"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dockerd did not start.");
        var engine = new DockerEngine("unix://" + socket, folder, process);
        process.OutputDataReceived += (_, e) => engine.Append(e.Data);
        process.ErrorDataReceived += (_, e) => engine.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await engine.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60), ct);
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
        return engine;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"dockerd exited with code {_process.ExitCode} before answering on {Host}:\n{Tail()}");
            if (await EnginePing.AnswersAsync(Host, ct)) return;
            await Task.Delay(100, ct);
        }
        throw new InvalidOperationException($"dockerd did not answer on {Host} within {timeout.TotalSeconds:0} s:\n{Tail()}");
    }

    string Tail() => string.Join('\n', Log.Split('\n').TakeLast(20));

    /// <summary>Stops a private engine: SIGTERM (dockerd stops its containers and containerd), then SIGKILL to
    /// whatever is left of its process tree; then its folder is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                Kill(_process.Id, Sigterm);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
            KillLeftover(Path.Combine(Folder!, "x", "containerd", "containerd.pid"));
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        UnmountUnder(Folder!);
        try
        {
            Directory.Delete(Folder!, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    // containerd leads its own process group; after a clean stop its pid file is gone.
    static void KillLeftover(string pidFile)
    {
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) Kill(pid, Sigkill);
    }

    // A killed engine may leave overlay and shm mounts behind, which would make the folder undeletable.
    static void UnmountUnder(string folder)
    {
        if (!File.Exists("/proc/self/mounts")) return;
        var prefix = Path.GetFullPath(folder) + "/";
        var mounts = File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 1 && f[1].StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f[1]).OrderByDescending(p => p.Length);
        foreach (var mount in mounts) Umount2(mount, MntDetach);
    }

    static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Append("/usr/sbin").Append("/usr/bin").Append("/sbin")
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    const int Sigterm = 15;
    const int Sigkill = 9;
    const int MntDetach = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
