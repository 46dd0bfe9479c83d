using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Releases;

/// <summary>
/// The release manager with --apply true: real git, the real registry and the Kubernetes API emulator.
/// Staging is synced first; deployments have a 3 s progress deadline so that a bad image fails quickly.
/// </summary>
public sealed class ReleaseApplyTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private KubeApiEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { ClusterName = "staging", PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        _world.Kubeconfig = _emulator.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("pipelines-kube-").FullName, "kubeconfig"));
        await _world.PushUsualAsync();
        var (exitCode, _, stderr) = await _world.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_world.Kubeconfig!)!, recursive: true);
        _world.Dispose();
    }

    private async Task<string> LiveImage(string ns, string name)
    {
        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(_world.Kubeconfig));
        var deployment = await k8s.AppsV1OperationsExtensions.ReadNamespacedDeploymentAsync(client.AppsV1, name, ns);
        return deployment.Spec.Template.Spec.Containers[0].Image;
    }

    private static JsonNode Result(string stdout, string workload) =>
        Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == workload)!;

    [Fact]
    public async Task Release_commits_applies_and_reports_each_rollout()
    {
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"apply: sock-shop:deployment/carts to staging at ", stdout);
        Assert.Contains("rollout sock-shop:deployment/carts: succeeded", stdout);
        Assert.StartsWith(_world.Image("carts", "1.2.0") + "@sha256:", await LiveImage("sock-shop", "carts"));
    }

    [Fact]
    public async Task A_failed_rollout_fails_the_release_with_exit_1_and_the_reason_and_the_commit_stays()
    {
        _emulator.AddBadImage(_world.Image("carts", "1.2.0"));

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--output", "json");

        Assert.Equal(1, exitCode);
        var carts = Result(stdout, "sock-shop:deployment/carts");
        Assert.Equal("failed", (string?)carts["status"]);
        Assert.Contains("rollout failed: ", (string?)carts["reason"]);
        Assert.Contains("exceeded its progress deadline", (string?)carts["reason"]);
        Assert.Contains("1 workload(s) failed: sock-shop:deployment/carts", stderr);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
    }

    [Fact]
    public async Task A_failed_automated_rollout_is_rolled_back_and_its_image_rejected_so_the_next_run_does_not_loop()
    {
        _emulator.AddBadImage(_world.Image("carts", "1.2.0"));

        var (exitCode, stdout, _) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");

        Assert.Equal(1, exitCode);
        var carts = Result(stdout, "sock-shop:deployment/carts");
        Assert.Equal("failed", (string?)carts["status"]);
        Assert.Contains($"rolled back to {_world.Image("carts", "1.0.0")}", (string?)carts["reason"]);
        Assert.Equal("success", (string?)Result(stdout, "sock-shop:deployment/front-end")["status"]);
        var file = _world.Show("environments/staging/carts.yaml");
        Assert.Contains($"image: {_world.Image("carts", "1.0.0")}", file);
        var log = _world.Log("%B");
        Assert.Contains("Pipelines-Action: rollback", log);
        Assert.Contains($"Pipelines-Rollback-Of: {(string?)JsonNode.Parse(stdout)!["release"]}", log);
        Assert.Equal(_world.Image("carts", "1.0.0"), await LiveImage("sock-shop", "carts"));

        var (again, json, stderr) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        Assert.True(again == 0, stderr);
        Assert.Matches("^newer image rejected: 1.2.0 \\(rolled back in rel-[0-9a-z]{26} by automation\\)$", (string?)Result(json, "sock-shop:deployment/carts")["reason"]);
    }

    [Fact]
    public async Task Rollback_applies_the_earlier_image()
    {
        Assert.Equal(0, (await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"))).ExitCode);
        var (exitCode, stdout, stderr) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("rollout sock-shop:deployment/carts: succeeded", stdout);
        Assert.Equal(_world.Image("carts", "1.0.0"), await LiveImage("sock-shop", "carts"));
    }

    [Fact]
    public async Task Promote_refuses_a_workload_whose_rollout_in_the_source_failed_unless_forced()
    {
        var (synced, _, syncError) = await _world.Run("Sync", "--environment", "production");
        Assert.True(synced == 0, syncError);
        _emulator.AddBadImage(_world.Image("carts", "1.2.0"));
        await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var carts = Result(stdout, "shop-production:deployment/carts");
        Assert.Equal("skipped", (string?)carts["status"]);
        Assert.StartsWith("rollout in staging failed: ", (string?)carts["reason"]);
        Assert.Equal("success", (string?)Result(stdout, "shop-production:deployment/front-end")["status"]);
        Assert.StartsWith($"{_world.Image("front-end", "1.0.0")}@sha256:", await LiveImage("shop-production", "front-end"));
        Assert.Contains("carts:0.9.0", _world.Show("environments/production/carts.yaml"));

        _emulator.RemoveBadImage(_world.Image("carts", "1.2.0"));
        (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--force", "--apply", "false", "--output", "json");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("carts:1.2.0@sha256:", _world.Show("environments/production/carts.yaml"));
    }

    [Fact]
    public async Task Promote_refuses_an_image_rejected_in_the_source_and_takes_the_digest_the_source_pods_run_for_a_bare_tag()
    {
        Assert.Equal(0, (await _world.Run("Sync", "--environment", "production")).ExitCode);
        await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts", "--to", _world.Image("carts", "1.0.0"));
        // Staging runs carts:1.0.0 again; production is offered nothing rejected, and front-end's bare tag is pinned as its pods run it.
        _world.CommitFile("environments/staging/carts.yaml", ReleaseWorld.Deployment("carts", _world.Image("carts", "1.2.0")));
        Assert.Equal(0, (await _world.Run("Sync", "--environment", "staging")).ExitCode);

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("1.2.0 is rejected in staging (rolled back in rel-", (string?)Result(stdout, "shop-production:deployment/carts")["reason"]);
        Assert.Contains("carts:0.9.0", _world.Show("environments/production/carts.yaml"));
        var frontEnd = (string?)Result(stdout, "shop-production:deployment/front-end")["changes"]![0]!["to"];
        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(_world.Kubeconfig));
        var pods = await k8s.CoreV1OperationsExtensions.ListNamespacedPodAsync(client.CoreV1, "sock-shop", labelSelector: "name=front-end");
        var running = pods.Items.First().Status.ContainerStatuses.First(c => c.Name == "front-end").ImageID;
        Assert.Equal(_world.Image("front-end", "1.0.0") + running[running.IndexOf('@')..], frontEnd);
    }

    [Fact]
    public async Task A_push_branch_is_not_a_deployment_nothing_is_applied_and_the_report_says_how_to_review_and_merge()
    {
        var before = await LiveImage("sock-shop", "carts");

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"),
            "--push-branch", "review/carts");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("apply: not done (--push-branch review/carts: a branch under review is not a deployment", stdout);
        Assert.Contains("review: git fetch ", stdout);
        Assert.Contains("git diff main...FETCH_HEAD", stdout);
        Assert.Equal(before, await LiveImage("sock-shop", "carts"));
        Assert.Contains("carts:1.2.0@sha256:", _world.Show("environments/staging/carts.yaml", "review/carts"));
        Assert.DoesNotContain("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));

        // A second change for review builds on the branch, and is not applied either.
        (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "front-end", "--image", _world.Image("front-end", "1.0.1"),
            "--push-branch", "review/carts");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(3, _world.Commits("review/carts"));
        Assert.Contains("carts:1.2.0@sha256:", _world.Show("environments/staging/carts.yaml", "review/carts"));
        Assert.Equal(before, await LiveImage("sock-shop", "carts"));
    }

    [Fact]
    public async Task An_object_the_api_server_refuses_is_found_by_a_dry_run_before_anything_is_committed()
    {
        var carts = _world.Show("environments/staging/carts.yaml").Replace("    spec:\n", "    spec:\n      terminationGracePeriodSecondz: 5\n");
        _world.CommitFile("environments/staging/carts.yaml", carts);
        var commits = _world.Commits();

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        Assert.Equal(1, exitCode);
        Assert.Contains("The API server of staging refuses 1 object(s) of this change; nothing was committed: environments/staging/carts.yaml:", stderr);
        Assert.Contains("terminationGracePeriodSecondz", stderr);
        Assert.Equal(commits, _world.Commits());
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_cluster_that_cannot_be_reached_is_found_before_anything_is_committed()
    {
        var unreachable = Path.Combine(Path.GetDirectoryName(_world.Kubeconfig!)!, "unreachable");
        var closedPort = Pipelines.Sandbox.Registry.DistributionRegistry.FreePort();
        File.WriteAllText(unreachable, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(_world.Kubeconfig!), @"http://127\.0\.0\.1:\d+", $"http://127.0.0.1:{closedPort}"));
        var commits = _world.Commits();

        var (exitCode, _, stderr) = await _world.RunRaw("Release", "--config-repo", _world.Url, "--kubeconfig", unreachable, "--lock", "none",
            "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--kube-timeout", "2s");

        Assert.Equal(1, exitCode);
        Assert.Contains("The cluster of staging cannot be reached", stderr);
        Assert.Contains("nothing was committed", stderr);
        Assert.Equal(commits, _world.Commits());
    }

    [Fact]
    public async Task A_release_dry_run_says_per_object_what_applying_would_do_and_changes_nothing()
    {
        var before = await LiveImage("sock-shop", "carts");

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--dry-run");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Objects (server-side dry run):\n  deployment.apps/carts in sock-shop would be configured", stdout);
        Assert.Contains("validation: the API server accepts all 1 object(s) (server-side dry run)", stdout);
        Assert.Equal(before, await LiveImage("sock-shop", "carts"));
        Assert.Equal(1, _world.Commits());
    }
}
