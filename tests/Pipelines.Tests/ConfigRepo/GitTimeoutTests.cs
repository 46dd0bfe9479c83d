using System.Diagnostics;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>
/// --git-timeout bounds every git call: a server that accepts the connection and never answers, and a real git daemon
/// frozen with SIGSTOP, fail the job with a message naming the remote and the timeout instead of hanging it. Real jobs
/// (separate processes: libgit2's timeouts are per process), waited for generously; the outcome is what is asserted.
/// </summary>
public sealed class GitTimeoutTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-gittimeout-").FullName;

    public GitTimeoutTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<(int ExitCode, string Stderr)> Job(params string[] args)
    {
        using var process = BuiltCli.Start(_root, args, new Dictionary<string, string?> { ["GIT_SSH_COMMAND"] = null, ["GIT_SSH"] = null });
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("the job hung: " + await stderr);
        }
        return (process.ExitCode, await stderr);
    }

    [Theory]
    [InlineData("git")]
    [InlineData("http")]
    public async Task A_server_that_accepts_and_never_answers_fails_the_job_naming_the_remote_and_git_timeout(string scheme)
    {
        using var silent = new SilentServer();
        var url = $"{scheme}://127.0.0.1:{silent.Port}/config.git";

        var (exitCode, stderr) = await Job("History", "--config-repo", url, "--git-timeout", "2s");

        Assert.True(exitCode == 1, stderr);
        Assert.Contains($"git fetch of {url} failed", stderr);
        Assert.Contains("did not answer within --git-timeout", stderr);
        Assert.True(silent.Accepted > 0);
    }

    [Fact]
    public async Task An_ssh_server_that_accepts_and_never_answers_fails_the_job_too()
    {
        using var silent = new SilentServer();
        var url = $"ssh://git@127.0.0.1:{silent.Port}/srv/config.git";

        var (exitCode, stderr) = await Job("History", "--config-repo", url, "--git-timeout", "2s");

        Assert.True(exitCode == 1, stderr);
        Assert.Contains($"git fetch of {url} failed", stderr);
    }

    [Fact]
    public async Task A_git_daemon_frozen_with_sigstop_fails_the_job_instead_of_hanging_it()
    {
        using var daemon = GitDaemon.Start(Path.Combine(_root, "server"));
        daemon.CreateRepository("config", SampleConfigRepo.Files(1));
        Signal("STOP", daemon.ProcessId);
        try
        {
            var (exitCode, stderr) = await Job("UpdateConfigRepo", "--config-repo", daemon.Url("config"), "--environment", "staging", "--service", "service-1",
                "--image", "registry.example.com/service-1:2.0.0", "--apply", "false", "--git-timeout", "3s");

            Assert.True(exitCode == 1, stderr);
            Assert.Contains($"git fetch of {daemon.Url("config")} failed", stderr);
            Assert.Contains("--git-timeout", stderr);
        }
        finally
        {
            Signal("CONT", daemon.ProcessId);
        }
    }

    // `git daemon` runs git-daemon as a child process: the whole tree is frozen (and thawed).
    private static void Signal(string signal, int pid)
    {
        foreach (var each in ProcessTree.Of(pid))
        {
            using var kill = Process.Start("kill", [$"-{signal}", each.ToString()])!;
            kill.WaitForExit();
        }
    }
}
