using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>
/// Bare repositories in a temp folder served by the real <c>git daemon</c> on 127.0.0.1 (git://, push
/// enabled), also reachable as local paths and file:// URLs. Each repository starts with one commit.
/// </summary>
public sealed class GitServer : IDisposable
{
    private readonly Process _daemon;

    public GitServer()
    {
        Root = Directory.CreateTempSubdirectory("pipelines-gitserver-").FullName;
        Port = FreePort();
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "daemon", "--reuseaddr", $"--base-path={Root}", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1", $"--port={Port}", Root })
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            _daemon = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Cannot start `git daemon`: install Debian's git (.ci/run does).", e);
        }
        WaitUntilListening(Port, _daemon);
    }

    public string Root { get; }

    public int Port { get; }

    /// <summary>Creates <c>name.git</c> with a first commit holding <paramref name="files"/> on <c>main</c>.</summary>
    public string CreateRepository(string name, params (string Path, string Content)[] files)
    {
        var bare = Path.Combine(Root, name + ".git");
        Git.Run(Root, "init", "-q", "--bare", "--initial-branch=main", bare);
        if (files.Length > 0) Git.CommitAndPush(bare, "main", "Initial manifests", files);
        return bare;
    }

    public string GitUrl(string name) => $"git://127.0.0.1:{Port}/{name}.git";

    public string Log(string name, string branch = "main", string format = "%s") =>
        Git.Run(Root, "--git-dir", Path.Combine(Root, name + ".git"), "log", $"--format={format}", branch);

    public string Show(string name, string path, string branch = "main") =>
        Git.Run(Root, "--git-dir", Path.Combine(Root, name + ".git"), "show", $"{branch}:{path}");

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static void WaitUntilListening(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port} after 20 s.");
    }

    public void Dispose()
    {
        try
        {
            if (!_daemon.HasExited) _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _daemon.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
