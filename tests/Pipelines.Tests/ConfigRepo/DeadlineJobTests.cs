using System.Diagnostics;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>A job that cannot finish (its cluster accepts connections and never answers) stops at --deadline: it gives the
/// global lock up instead of renewing it for ever, and ends saying what it had pushed.</summary>
public sealed class DeadlineJobTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-deadline-").FullName;

    public DeadlineJobTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        _server.CreateRepository("config", SampleConfigRepo.Files(1));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _server.Dispose();
    }

    [Fact]
    public async Task A_job_whose_cluster_hangs_gives_the_lock_up_at_its_deadline_and_says_what_it_pushed()
    {
        using var hungCluster = new SilentServer();
        var kubeconfig = Path.Combine(_root, "kubeconfig");
        File.WriteAllText(kubeconfig, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: hung, cluster: {server: "http://127.0.0.1:{{{hungCluster.Port}}}"}}]
            users: [{name: ci, user: {token: not-a-secret}}]
            contexts: [{name: hung, context: {cluster: hung, user: ci}}]
            current-context: hung
            """);

        using var job = BuiltCli.Start(_root, ["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging", "--service", "service-1",
            "--image", Pipelines.Tests.ProductTargets.SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0"), "--kubeconfig", kubeconfig, "--lock", "git", "--lock-ttl", "1h", "--deadline", "10s"]);
        var stderr = job.StandardError.ReadToEndAsync();
        await job.StandardOutput.ReadToEndAsync();
        await job.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(job.ExitCode == 1, await stderr);
        Assert.True((await stderr).Contains("UpdateConfigRepo did not finish within its deadline of 10s and was stopped"), await stderr);
        // With a one-hour TTL, a free lock now means the job gave it up, not that it expired. (The job validates its change against the
        // cluster before taking the lock, so with the cluster hung from the start it may never have taken it.)
        var branches = Git.Run(_server.Root, "--git-dir", Path.Combine(_server.Root, "config.git"), "branch", "--list");
        if (branches.Contains("pipelines-lock")) Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock"));
        var pushed = _server.Show("config", "environments/staging/service-1.yaml").Contains("service-1:2.0.0");
        Assert.Contains(pushed ? $"Done before that: pushed" : "Nothing it reports as done", await stderr);
    }
}
