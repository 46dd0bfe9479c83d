using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Pipelines.Sandbox.Local;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>
/// The real OpenSSH server (Debian's <c>openssh-server</c>, installed by .ci/run) on 127.0.0.1, serving the bare
/// repositories of a folder to the current user with a key made for the test. Clients reach it through the machine's
/// <c>ssh</c> with <see cref="SshCommand"/> as <c>GIT_SSH_COMMAND</c>, as git and libgit2's exec transport both honour.
/// </summary>
public sealed class SshGitServer : IDisposable
{
    private readonly Process _sshd;
    private readonly string _folder;

    public SshGitServer(string repositoriesRoot)
    {
        RepositoriesRoot = repositoriesRoot;
        _folder = Directory.CreateTempSubdirectory("pipelines-sshd-").FullName;
        Port = Endpoints.FreePort();
        var sshd = "/usr/sbin/sshd";
        if (!File.Exists(sshd)) throw new InvalidOperationException("These tests need Debian's OpenSSH server at /usr/sbin/sshd: apt-get install openssh-server (.ci/run does).");
        KeyGen("host_key");
        KeyGen("client_key");
        KeyGen("stranger_key");
        File.Copy(Path.Combine(_folder, "client_key.pub"), Path.Combine(_folder, "authorized_keys"));
        File.WriteAllText(Path.Combine(_folder, "sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {_folder}/host_key
            AuthorizedKeysFile {_folder}/authorized_keys
            PidFile {_folder}/sshd.pid
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no

            """);
        // sshd refuses to start without its privilege separation folder, which only a running ssh service would have made.
        Directory.CreateDirectory("/run/sshd");
        var start = new ProcessStartInfo(sshd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-D", "-e", "-f", Path.Combine(_folder, "sshd_config") }) start.ArgumentList.Add(arg);
        _sshd = Process.Start(start)!;
        _sshd.BeginErrorReadLine();
        _sshd.BeginOutputReadLine();
        WaitUntilListening();
    }

    public string RepositoriesRoot { get; }

    public int Port { get; }

    public string User => Environment.UserName;

    public string SshUrl(string name) => $"ssh://{User}@127.0.0.1:{Port}{Path.Combine(RepositoriesRoot, name + ".git")}";

    /// <summary>scp-like syntax has no port; <see cref="SshCommand"/> carries it.</summary>
    public string ScpLikeUrl(string name) => $"{User}@127.0.0.1:{Path.Combine(RepositoriesRoot, name + ".git")}";

    /// <summary>The <c>GIT_SSH_COMMAND</c> a CI job would set: its deploy key, and this server's port.</summary>
    public string SshCommand(bool authorizedKey = true) =>
        $"ssh -i {_folder}/{(authorizedKey ? "client_key" : "stranger_key")} -p {Port} -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";

    /// <summary>Sets <c>GIT_SSH_COMMAND</c> as a CI job's environment would (null unsets it). libgit2 reads the native
    /// environment, which <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Unix.</summary>
    public static void SetGitSshCommand(string? command)
    {
        Environment.SetEnvironmentVariable("GIT_SSH_COMMAND", command);
        if (command is null) UnsetEnv("GIT_SSH_COMMAND");
        else SetEnv("GIT_SSH_COMMAND", command, 1);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "unsetenv")]
    private static extern int UnsetEnv(string name);

    private void KeyGen(string name)
    {
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(_folder, name) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ssh-keygen failed: {process.StandardError.ReadToEnd()}");
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_sshd.HasExited) throw new InvalidOperationException($"sshd exited with {_sshd.ExitCode} before listening (is this test run as root?).");
            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _sshd.Kill(entireProcessTree: true);
            _sshd.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _sshd.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
