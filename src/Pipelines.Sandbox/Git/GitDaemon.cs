using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipelines.Sandbox.Git;

/// <summary>
/// The real <c>git daemon</c> (Debian's git) serving every bare repository under a folder over git:// on
/// 127.0.0.1, with push enabled. Used by the sandbox, the tests and the benchmarks.
/// </summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    private GitDaemon(Process process, string root, int port)
    {
        _process = process;
        Root = root;
        Port = port;
    }

    public string Root { get; }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string Url(string repositoryName) => $"git://127.0.0.1:{Port}/{repositoryName}.git";

    public static GitDaemon Start(string root, int port = 0)
    {
        Directory.CreateDirectory(root);
        port = port == 0 ? FreePort() : port;
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "daemon", "--reuseaddr", $"--base-path={root}", "--export-all", "--enable=receive-pack", "--listen=127.0.0.1", $"--port={port}", root })
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Cannot start `git daemon`: install git (Debian: apt-get install git).", e);
        }
        WaitUntilListening(port, process);
        return new GitDaemon(process, root, port);
    }

    /// <summary>Creates <c>name.git</c>; with files, a first commit holding them on <c>main</c>.</summary>
    public string CreateRepository(string name, IReadOnlyList<(string Path, string Content)> files)
    {
        var bare = Path.Combine(Root, name + ".git");
        GitCommand.Run(Root, "init", "-q", "--bare", "--initial-branch=main", bare);
        if (files.Count > 0) GitCommand.CommitAndPush(bare, "main", "Initial manifests", files);
        return bare;
    }

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
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
