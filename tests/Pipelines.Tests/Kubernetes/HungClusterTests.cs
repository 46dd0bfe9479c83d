using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Kubernetes;

/// <summary>A Kubernetes API server that accepts connections and never answers (a frozen control plane, a half-open load
/// balancer): with <c>--apply true</c> the cluster is reached before anything is committed, so the job fails at
/// <c>--kube-timeout</c> saying so, and the config repo is left as it was.</summary>
public sealed class HungClusterTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();
    private readonly SilentServer _hungCluster = new();

    public HungClusterTests() => _server.CreateRepository("config", SampleConfigRepo.Files(1));

    public void Dispose()
    {
        _hungCluster.Dispose();
        _targets.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task A_hung_api_server_fails_the_job_at_kube_timeout_naming_it_and_nothing_is_committed()
    {
        var kubeconfig = Path.Combine(_targets.Root, "kubeconfig");
        File.WriteAllText(kubeconfig, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: hung, cluster: {server: "http://127.0.0.1:{{{_hungCluster.Port}}}"}}]
            users: [{name: ci, user: {token: not-a-secret}}]
            contexts: [{name: hung, context: {cluster: hung, user: ci}}]
            current-context: hung
            """);
        var head = _server.Log("config", format: "%H");

        var (exitCode, _, stderr) = await _targets.RunAsync(["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging",
            "--service", "service-1", "--image", SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0"), "--apply", "true", "--lock", "git",
            "--kubeconfig", kubeconfig, "--kube-timeout", "2s"], new ConfigRepoTargets());

        Assert.True(exitCode == 1, stderr);
        Assert.True(_hungCluster.Accepted > 0, "the job never tried the cluster");
        Assert.Contains("no answer within 2s (--kube-timeout)", stderr);
        Assert.Contains("nothing was committed", stderr);
        Assert.Equal(head, _server.Log("config", format: "%H"));
        Assert.DoesNotContain("not-a-secret", stderr);
    }
}
