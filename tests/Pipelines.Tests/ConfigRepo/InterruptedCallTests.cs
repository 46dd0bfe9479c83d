using Pipelines.Diagnostics;
using System.Diagnostics;
using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>With --git-timeout in force libgit2 waits in poll(), which signals interrupt; a .NET process gets them all the
/// time (SIGCHLD whenever a child process stops, continues or ends).
/// Updates through a storm of them all land: an interrupted call is made again, never reported as a failure of the server.</summary>
public sealed class InterruptedCallTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly ConfigRepoHarness _harness = new();

    public void Dispose()
    {
        _harness.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Updates_under_the_git_lock_all_land_while_signals_interrupt_libgit2s_waits()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        GitTimeouts.Apply(GitTimeouts.Default);
        using var storm = new CancellationTokenSource();
        // A child stopped and continued over and over: each change sends this process SIGCHLD.
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var signals = Task.Run(async () =>
        {
            while (!storm.IsCancellationRequested)
            {
                foreach (var signal in new[] { "-STOP", "-CONT" })
                {
                    using var kill = Process.Start(new ProcessStartInfo("kill", [signal, sleeper.Id.ToString()]) { UseShellExecute = false })!;
                    await kill.WaitForExitAsync();
                }
            }
        });

        try
        {
            var repository = _harness.Repository(_server.GitUrl("config"));
            for (var i = 0; i < 15; i++)
            {
                var gitLock = new GitLock(repository.Cache, "pipelines-lock", new LockOwner($"alice@test/{i}", "alice", "test-host", null),
                    TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(60), _harness.Log);
                Assert.True((await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", $"line {i}"), gitLock)).Pushed);
            }
        }
        finally
        {
            await storm.CancelAsync();
            await signals;
            sleeper.Kill();
        }
        Assert.Equal(16, _server.Show("config", "app.yaml").Trim().Split('\n').Length);
        var reported = _harness.Output.ToString().Split('\n').Where(l => l.Contains("Interrupted system call")).ToList();
        Assert.True(reported.Count == 0, string.Join("\n", reported));
    }
}
