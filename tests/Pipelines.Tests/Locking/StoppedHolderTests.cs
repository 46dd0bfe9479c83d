using System.Diagnostics;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Locking;

/// <summary>A CI job frozen (SIGSTOP) while it holds the git lock and its place in this machine's queue: the next job of
/// the same machine judges it by the lock's TTL, as a job on another machine does, instead of waiting behind it for the
/// whole --lock-timeout.</summary>
public sealed class StoppedHolderTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly string _first = Directory.CreateTempSubdirectory("pipelines-stopped-a-").FullName;
    private readonly string _second = Directory.CreateTempSubdirectory("pipelines-stopped-b-").FullName;
    private readonly string _tmp = Directory.CreateTempSubdirectory("pipelines-stopped-tmp-").FullName;

    public StoppedHolderTests()
    {
        foreach (var root in new[] { _first, _second }) Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        _server.CreateRepository("config", SampleConfigRepo.Files(2));
    }

    public void Dispose()
    {
        foreach (var folder in new[] { _first, _second, _tmp }) Directory.Delete(folder, recursive: true);
        _server.Dispose();
    }

    private Process Job(string root, GitHttpServer http, string service, string image) => BuiltCli.Start(root,
    [
        "UpdateConfigRepo", "--config-repo", http.Url("config"), "--git-username", "ci", "--git-token", "s3cret-token",
        "--environment", "staging", "--service", service, "--image", image, "--apply", "false",
        "--lock", "git", "--lock-ttl", "5s", "--lock-timeout", "90s",
    ], new Dictionary<string, string?> { ["TMPDIR"] = _tmp }); // one machine: the same machine queue

    [Fact]
    public async Task A_job_on_the_same_machine_takes_over_from_a_stopped_holder_after_its_ttl()
    {
        using var http = new GitHttpServer(_server.Root, "ci", "s3cret-token") { StallPushesTo = "main" };
        using var holder = Job(_first, http, "service-1", "registry.example.com/service-1:stopped");
        var tookLock = new TaskCompletionSource();
        holder.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Lock taken") == true) tookLock.TrySetResult();
        };
        holder.BeginErrorReadLine();
        try
        {
            await tookLock.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await Task.Delay(300); // its config push is now stuck in the server
            Signal("STOP", holder.Id);
            http.StallPushesTo = null;

            using var next = Job(_second, http, "service-2", "registry.example.com/service-2:next");
            var stderr = next.StandardError.ReadToEndAsync();
            await next.StandardOutput.ReadToEndAsync();
            await next.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

            Assert.True(next.ExitCode == 0, await stderr);
            Assert.Contains("Queued behind another job on this machine", await stderr);
            Assert.Contains("stayed unchanged for its whole TTL of 5s while this job was queued on this machine; going for it without the queue", await stderr);
            Assert.Contains("registry.example.com/service-2:next", _server.Show("config", "environments/staging/service-2.yaml"));
            Assert.DoesNotContain("stopped", _server.Log("config", format: "%B"));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()])!;
        kill.WaitForExit();
    }
}
