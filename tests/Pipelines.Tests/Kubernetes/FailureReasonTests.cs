using static Pipelines.Tests.ProductTargets.SampleConfigRepo;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// A rollout that fails or does not finish says why, as kubectl describe would show it: crash loops, pods too big for any
/// node, pods a quota forbids, and pods whose readiness probe never passes.
/// </summary>
public sealed class FailureReasonTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterHarness.StartAsync(options => options with { CrashingImages = ["*:crash"], UnreadyImages = ["*:unready"], NodeMemory = "8Gi" });
        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private void CommitDeployment(string name, string image, string resources = "", string extra = "") =>
        _cluster.Commit($"add {name}", ($"environments/staging/{name}.yaml", $$"""
            {{extra}}apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{name}}
              namespace: sock-shop
            spec:
              replicas: 1
              selector:
                matchLabels: {app: {{name}}}
              template:
                metadata:
                  labels: {app: {{name}}}
                spec:
                  containers:
                  - name: {{name}}
                    image: {{image}}
            {{resources}}
            """));

    [Fact]
    public async Task A_crash_looping_image_fails_the_rollout_early_with_CrashLoopBackOff()
    {
        var (exitCode, stdout, stderr) = await _cluster.Run("UpdateConfigRepo", "--environment", "staging", "--service", "payment",
            "--image", Pinned("weaveworksdemos/payment:crash"), "--failure-grace", "2s", "--rollout-timeout", "1m");

        Assert.Equal(1, exitCode);
        Assert.Matches("the new pods stayed for 2s \\(--failure-grace\\) in a state that waiting does not cure: pod/payment-[a-z0-9-]+: payment CrashLoopBackOff", stderr);
        Assert.Contains("event BackOff: Back-off restarting failed container payment", stderr);
        Assert.DoesNotContain("pending", stdout);
    }

    [Fact]
    public async Task A_rollout_stuck_on_a_pod_too_big_for_the_node_names_Unschedulable_and_FailedScheduling()
    {
        CommitDeployment("reports", "weaveworksdemos/reports:1", "        resources:\n          requests: {memory: 64Gi}");

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--rollout-timeout", "3s");

        Assert.Equal(1, exitCode);
        Assert.Matches("sock-shop:deployment/reports: still rolling out after 3s .*Unschedulable \\(0/1 nodes are available: 1 Insufficient memory\\.", stderr);
        Assert.Contains("event FailedScheduling: 0/1 nodes are available", stderr);
    }

    [Fact]
    public async Task A_rollout_stuck_on_a_quota_names_the_FailedCreate_refusal()
    {
        CommitDeployment("reports", "weaveworksdemos/reports:1", "        resources:\n          requests: {memory: 2Gi}", """
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: compute
              namespace: sock-shop
            spec:
              hard: {requests.memory: 1Gi}
            ---

            """);

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--rollout-timeout", "3s");

        Assert.Equal(1, exitCode);
        Assert.Matches("sock-shop:deployment/reports: still rolling out after 3s .*FailedCreate: pods \"reports-[a-z0-9]+-[a-z0-9]+\" is forbidden: exceeded quota: compute", stderr);
    }

    [Fact]
    public async Task A_rollout_stuck_on_a_failing_readiness_probe_says_so()
    {
        CommitDeployment("reports", "weaveworksdemos/reports:unready");

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--rollout-timeout", "3s");

        Assert.Equal(1, exitCode);
        Assert.Matches("sock-shop:deployment/reports: still rolling out after 3s .*reports NotReady \\(running, but its readiness probe does not pass\\)", stderr);
        Assert.Contains("event Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503", stderr);
    }
}
