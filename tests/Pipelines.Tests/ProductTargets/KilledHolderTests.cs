using System.Diagnostics;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ProductTargets;

/// <summary>A CI job killed (kill -9) while it holds the lock: the next job gets the lock after the TTL, and
/// nothing of the killed job's half-done release reaches the config branch.</summary>
public sealed class KilledHolderTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-killed-").FullName;

    public KilledHolderTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        _server.CreateRepository("config", SampleConfigRepo.Files(2));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _server.Dispose();
    }

    private Process Job(GitHttpServer http, string service, string image) => BuiltCli.Start(_root,
    [
        "UpdateConfigRepo", "--config-repo", http.Url("config"), "--git-username", "ci", "--git-token", "s3cret-token",
        "--environment", "staging", "--service", service, "--image", image, "--apply", "false",
        "--lock", "git", "--lock-ttl", "5s", "--lock-timeout", "60s",
    ]);

    [Fact]
    public async Task The_next_job_takes_the_lock_of_a_killed_holder_after_its_ttl()
    {
        using var http = new GitHttpServer(_server.Root, "ci", "s3cret-token") { StallPushesTo = "main" };
        using var holder = Job(http, "service-1", SampleConfigRepo.Pinned("registry.example.com/service-1:killed"));
        var holderLog = new System.Text.StringBuilder();
        var tookLock = new TaskCompletionSource();
        holder.ErrorDataReceived += (_, e) =>
        {
            lock (holderLog) holderLog.AppendLine(e.Data);
            if (e.Data?.Contains("Lock taken") == true) tookLock.TrySetResult();
        };
        holder.BeginErrorReadLine();
        await tookLock.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(300); // its config push is now stuck in the server
        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();
        http.StallPushesTo = null;

        using var next = Job(http, "service-2", SampleConfigRepo.Pinned("registry.example.com/service-2:next"));
        var stderr = next.StandardError.ReadToEndAsync();
        await next.StandardOutput.ReadToEndAsync();
        await next.WaitForExitAsync();

        Assert.True(next.ExitCode == 0, await stderr);
        Assert.Contains("Taking over the lock from", await stderr);
        Assert.Contains("registry.example.com/service-2:next", _server.Show("config", "environments/staging/service-2.yaml"));
        Assert.DoesNotContain("killed", _server.Log("config", format: "%B"));
        Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock"));
        Assert.DoesNotContain("s3cret-token", await stderr);
    }
}
