using System.Diagnostics;
using Pipelines.Cli;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>Plain mistakes get an error that says what is wrong and what to do, not what libgit2 stumbled on later.</summary>
public sealed class PlainMistakesTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public PlainMistakesTests() => _server.CreateRepository("config", SampleConfigRepo.Files(1));

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Update(string url, params string[] args) =>
        _targets.RunAsync(["UpdateConfigRepo", "--config-repo", url, "--environment", "staging", "--service", "service-1",
            "--image", Pipelines.Tests.ProductTargets.SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0"), "--apply", "false", "--lock", "none", .. args], new ConfigRepoTargets());

    [Fact]
    public async Task A_config_branch_that_does_not_exist_is_named_with_the_branches_there_are()
    {
        var (exitCode, _, stderr) = await Update(_server.GitUrl("config"), "--config-branch", "nosuch");

        Assert.Equal(2, exitCode);
        Assert.Contains($"--config-branch nosuch: {_server.GitUrl("config")} has no branch nosuch; its branches: main. Name the config branch with --config-branch.", stderr);
        Assert.DoesNotContain("pipelines.yaml", stderr);
    }

    [Fact]
    public async Task A_missing_local_repository_path_is_named_instead_of_an_unsupported_url_protocol()
    {
        var missing = Path.Combine(_targets.Root, "no-such-config");

        var (exitCode, _, stderr) = await Update(missing);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--config-repo {missing}: there is no folder {missing}", stderr);
        Assert.DoesNotContain("unsupported URL protocol", stderr);
    }

    [Fact]
    public async Task A_push_the_server_fails_says_nothing_was_pushed()
    {
        // A git daemon that serves fetches but not pushes (receive-pack disabled): the push fails outright.
        var port = GitDaemon.FreePort();
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "daemon", "--reuseaddr", $"--base-path={_server.Root}", "--export-all", "--listen=127.0.0.1", $"--port={port}", _server.Root }) start.ArgumentList.Add(arg);
        using var readOnly = Process.Start(start)!;
        try
        {
            GitDaemon.WaitUntilListening(port, readOnly);
            var head = _server.Log("config", format: "%h").Trim();

            var (exitCode, _, stderr) = await Update($"git://127.0.0.1:{port}/config.git");

            Assert.Equal(1, exitCode);
            Assert.Contains($"git push of git://127.0.0.1:{port}/config.git failed", stderr);
            Assert.Contains($"Nothing was pushed: main is still at {head} on the server, and nothing is lost; run again.", stderr);
            Assert.Equal(head, _server.Log("config", format: "%h").Trim());
        }
        finally
        {
            readOnly.Kill(entireProcessTree: true);
            await readOnly.WaitForExitAsync();
        }
    }
}
