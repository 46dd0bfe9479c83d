using k8s;
using System.Text.Json.Nodes;
using static Pipelines.Tests.ProductTargets.SampleConfigRepo;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Kubernetes;

/// <summary>V2 with --apply true: the commit lands in git, then the changed manifests are applied and their rollouts awaited.</summary>
public sealed class ApplyingReleasesTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterHarness.StartAsync();
        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task UpdateConfigRepo_commits_applies_and_waits_for_the_rollout()
    {
        var (exitCode, stdout, stderr) = await _cluster.Run("UpdateConfigRepo", "--environment", "staging", "--service", "front-end", "--container", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"), "--output", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("success", (string?)Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/front-end")!["status"]);
        Assert.Contains("deployment.apps/front-end in sock-shop configured", stderr);
        Assert.Contains("service/front-end in sock-shop unchanged", stderr);
        Assert.Contains("deployment \"front-end\" successfully rolled out", stderr);
        var live = await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop");
        Assert.Equal(Pinned("weaveworksdemos/front-end:0.3.13"), live.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("0.3.13", live.Metadata.Labels["app.kubernetes.io/version"]);
        Assert.Equal("2", live.Metadata.Annotations["deployment.kubernetes.io/revision"]);
    }

    [Fact]
    public async Task A_rollout_still_going_at_the_timeout_fails_the_job_saying_the_commit_is_in_git()
    {
        _cluster.Emulator.AddBadImage("weaveworksdemos/payment:broken");

        var (exitCode, stdout, stderr) = await _cluster.Run("UpdateConfigRepo", "--environment", "staging", "--service", "payment",
            "--image", Pinned("weaveworksdemos/payment:broken"), "--rollout-timeout", "2s", "-o", "wide");   // wide: the reason on one line

        Assert.Equal(1, exitCode);
        Assert.Matches("sock-shop:deployment/payment +payment +failed", stdout);
        Assert.Matches("rollout did not finish in 2s: still rolling out after 2s .*ImagePullBackOff.*; the commit is in git and the rollout still pending", stdout);
        Assert.Matches(@"\(commit [0-9a-f]{7} is in main\)", stderr);
        Assert.Contains("weaveworksdemos/payment:broken", _cluster.Server.Show("config", "environments/staging/payment.yaml"));
    }

    [Fact]
    public async Task With_allow_pending_a_zero_rollout_timeout_applies_without_waiting_and_reports_the_rollout_pending()
    {
        var (exitCode, stdout, stderr) = await _cluster.Run("UpdateConfigRepo", "--environment", "staging", "--service", "front-end", "--container", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"), "--rollout-timeout", "0s", "--allow-pending", "-o", "wide");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("deployment.apps/front-end in sock-shop configured", stderr);
        Assert.Matches("rollout pending \\(--allow-pending\\): still rolling out after 0s \\([^)]*\\); raise --rollout-timeout", stdout);
        var live = await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop");
        Assert.Equal(Pinned("weaveworksdemos/front-end:0.3.13"), live.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task A_release_to_an_OnDelete_StatefulSet_succeeds_saying_its_pods_update_when_deleted()
    {
        _cluster.Commit("an OnDelete stateful set", ("environments/staging/ledger.yaml", """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: ledger
              namespace: sock-shop
            spec:
              serviceName: ledger
              replicas: 2
              updateStrategy:
                type: OnDelete
              selector:
                matchLabels: {app: ledger}
              template:
                metadata:
                  labels: {app: ledger}
                spec:
                  containers:
                  - name: ledger
                    image: weaveworksdemos/ledger:1.0.0
            """));
        Assert.Equal(0, (await _cluster.Run("Sync", "--environment", "staging")).ExitCode);

        var (exitCode, stdout, stderr) = await _cluster.Run("UpdateConfigRepo", "--environment", "staging", "--service", "ledger",
            "--image", Pinned("weaveworksdemos/ledger:1.0.1"), "--output", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("success", (string?)Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:statefulset/ledger")!["status"]);
        Assert.Contains("sock-shop:statefulset/ledger: applied; pods update when deleted (updateStrategy OnDelete)", stderr);
        var pods = await _cluster.Client().CoreV1.ListNamespacedPodAsync("sock-shop", labelSelector: "app=ledger");
        Assert.All(pods.Items, pod => Assert.Equal("weaveworksdemos/ledger:1.0.0", pod.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task A_kustomize_environment_is_refused_for_applying_with_the_reason()
    {
        _cluster.Commit("kustomize staging", ("environments/staging/kustomization.yaml", "resources: [front-end.yaml]\nimages:\n- name: weaveworksdemos/front-end\n  newTag: 0.3.12\n"));

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");

        Assert.Equal(1, exitCode);
        Assert.Contains("environments/staging is rendered by kustomize (environments/staging/kustomization.yaml), so it cannot be applied directly", stderr);
        Assert.Contains("let the GitOps agent (Argo CD, Flux) that renders them sync it", stderr);
    }
}
