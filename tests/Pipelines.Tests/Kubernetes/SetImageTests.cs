using Pipelines.Tests.Documents;
using k8s;
namespace Pipelines.Tests.Kubernetes;

/// <summary>V1: SetImage on a live workload, and what a user sees when the rollout succeeds, fails or takes too long.</summary>
public sealed class SetImageTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterHarness.StartAsync();
        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<(int ExitCode, string Stdout, string Stderr)> SetImage(params string[] args) =>
        _cluster.Run(["SetImage", "--kube-context", "staging", "--namespace", "sock-shop", "--rollout-timeout", "20s", .. args]);

    private async Task<string> LiveImage(string deployment, string container = "front-end") =>
        (await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync(deployment, "sock-shop")).Spec.Template.Spec.Containers.Single(c => c.Name == container).Image;

    [Fact]
    public async Task Sets_one_container_and_waits_for_the_rollout()
    {
        var (exitCode, stdout, stderr) = await SetImage("--service", "front-end", "--container", "front-end", "--image", "weaveworksdemos/front-end:0.3.13");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("sock-shop:deployment/front-end front-end: weaveworksdemos/front-end:0.3.12 -> weaveworksdemos/front-end:0.3.13, rolled out.\n", stdout);
        Assert.Contains("deployment \"front-end\" successfully rolled out", stderr);
        Assert.Equal("weaveworksdemos/front-end:0.3.13", await LiveImage("front-end"));
        Assert.Equal("prom/statsd-exporter:v0.26.0", await LiveImage("front-end", "metrics"));
    }

    [Fact]
    public async Task V1_needs_no_config_repo_SetImage_and_ListServices_reach_the_cluster_with_the_cluster_parameters_alone()
    {
        var (exitCode, stdout, stderr) = await _cluster.RunWithoutConfigRepo("SetImage", "--kube-context", "staging", "--namespace", "sock-shop", "--rollout-timeout", "20s",
            "--service", "front-end", "--container", "front-end", "--image", "weaveworksdemos/front-end:0.3.13");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("weaveworksdemos/front-end:0.3.13", await LiveImage("front-end"));

        (exitCode, stdout, stderr) = await _cluster.RunWithoutConfigRepo("ListServices", "--kube-context", "staging", "--namespace", "sock-shop");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("weaveworksdemos/front-end:0.3.13", stdout);
    }

    [Fact]
    public async Task Output_json_prints_the_change_and_how_the_rollout_ended_and_nothing_else()
    {
        var (exitCode, stdout, stderr) = await SetImage("--service", "front-end", "--container", "front-end", "--image", "weaveworksdemos/front-end:0.3.13", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var result = Schemas.AssertConforms(stdout);
        Assert.Equal("sock-shop:deployment/front-end", (string?)result["workload"]);
        Assert.Equal("weaveworksdemos/front-end:0.3.12", (string?)result["from"]);
        Assert.Equal("weaveworksdemos/front-end:0.3.13", (string?)result["to"]);
        Assert.Equal("succeeded", (string?)result["rollout"]!["outcome"]);
    }

    [Fact]
    public async Task A_workload_with_two_containers_needs_container_named()
    {
        var (exitCode, _, stderr) = await SetImage("--service", "front-end", "--image", "weaveworksdemos/front-end:0.3.13");
        Assert.Equal(2, exitCode);
        Assert.Contains("has 2 containers (front-end, metrics); name one with --container", stderr);
    }

    [Fact]
    public async Task An_unknown_service_names_the_namespace_and_what_is_there()
    {
        var (exitCode, _, stderr) = await SetImage("--service", "frontend", "--image", "x:1");
        Assert.Equal(2, exitCode);
        Assert.Contains("--service frontend: no Deployment, StatefulSet, DaemonSet, CronJob, ReplicaSet, Job or Pod named frontend in namespace sock-shop. There are:", stderr);
    }

    [Fact]
    public async Task A_bad_image_fails_at_the_progress_deadline_with_the_pods_reason_and_can_be_undone()
    {
        await ShortenProgressDeadline("payment");
        _cluster.Emulator.AddBadImage("weaveworksdemos/payment:broken");

        var (exitCode, stdout, stderr) = await SetImage("--service", "payment", "--image", "weaveworksdemos/payment:broken", "--rollback-on-failure");

        Assert.Equal(1, exitCode);
        Assert.Contains("deployment \"payment\" exceeded its progress deadline", stderr);
        Assert.Contains("ImagePullBackOff", stderr);
        Assert.Contains("rolled back to revision 1", stdout);
        Assert.Equal("weaveworksdemos/payment:0.4.3", await LiveImage("payment", "payment"));
    }

    [Fact]
    public async Task A_rollout_still_going_at_the_timeout_is_reported_pending_with_the_reason()
    {
        _cluster.Emulator.AddBadImage("weaveworksdemos/payment:slow");

        var (exitCode, _, stderr) = await _cluster.Run("SetImage", "--namespace", "sock-shop", "--kube-context", "staging", "--service", "payment", "--image", "weaveworksdemos/payment:slow", "--rollout-timeout", "2s");

        Assert.Equal(1, exitCode);
        Assert.Contains("runs weaveworksdemos/payment:slow in its spec, but the rollout is still pending: still rolling out after 2s", stderr);
        Assert.Contains("ImagePullBackOff", stderr);
    }

    private async Task ShortenProgressDeadline(string deployment)
    {
        var (exit, output) = await _cluster.Kubectl.Run("-n", "sock-shop", "patch", "deployment", deployment, "-p", """{"spec":{"progressDeadlineSeconds":2}}""");
        Assert.True(exit == 0, output);
        var (waitExit, waitOutput) = await _cluster.Kubectl.Run("-n", "sock-shop", "rollout", "status", "deployment/" + deployment, "--timeout=20s");
        Assert.True(waitExit == 0, waitOutput);
    }
}
