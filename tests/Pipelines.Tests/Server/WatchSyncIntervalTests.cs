using System.Text.Json.Nodes;
using k8s;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Kube.Tools;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>--sync-interval: the leader finds an out-of-band kubectl set image, re-applies the config repo and reports it.</summary>
public sealed class WatchSyncIntervalTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private KubeApiEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { ClusterName = "staging", PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        _world.Kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_world.Root, "kubeconfig"));
        var (exitCode, _, stderr) = await _world.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _world.Dispose();
    }

    private async Task<string> LiveImage(string name)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_world.Kubeconfig));
        return (await client.AppsV1.ReadNamespacedDeploymentAsync(name, "sock-shop")).Spec.Template.Spec.Containers[0].Image;
    }

    [Fact]
    public async Task An_out_of_band_set_image_is_reported_and_put_back_by_the_next_interval_sync()
    {
        // The poll interval is an hour: only the interval sync can explain a change during the test.
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), _world.Kubeconfig, syncInterval: TimeSpan.FromMilliseconds(300));
        using var reader = watch.Client(WatchHarness.ReadToken);
        await WatchHarness.EventuallyAsync(() => JsonNode.Parse(reader.GetStringAsync("/api/environments/staging/drift").Result)!["lastSync"] is not null, "a first sync");
        var hotfix = _world.Image("carts", "1.0.0-hotfix");
        var kubectl = new Kubectl(_world.Kubeconfig!, Path.Combine(_world.Root, "kubectl-cache"));
        var (kubectlExit, kubectlOutput) = await kubectl.Run("-n", "sock-shop", "set", "image", "deployment/carts", $"carts={hotfix}");
        Assert.True(kubectlExit == 0, kubectlOutput);

        await WatchHarness.EventuallyAsync(() => LiveImage("carts").Result == _world.Image("carts", "1.0.0"), "the config repo's image back on carts");

        JsonNode report = null!;
        await WatchHarness.EventuallyAsync(() => (report = JsonNode.Parse(reader.GetStringAsync("/api/environments/staging/drift").Result)!)["lastCorrection"] is not null,
            "the correction recorded");
        var correction = report["lastCorrection"]!;
        Assert.True((bool)correction["corrected"]!);
        var drift = Assert.Single(correction["drift"]!.AsArray())!;
        Assert.Equal("sock-shop:deployment/carts", (string?)drift["workload"]);
        Assert.Equal(hotfix, (string?)drift["live"]);
        Assert.Equal(_world.Image("carts", "1.0.0"), (string?)drift["desired"]);
        Assert.Equal(1, (int)correction["applied"]!["configured"]!);
        Assert.Contains($"Sync of staging: sock-shop:deployment/carts container carts ran {hotfix}, the config repo says {_world.Image("carts", "1.0.0")}; re-applied.", watch.LogText);
        using var anonymous = watch.Client(token: null);
        Assert.Contains("pipelines_drift_corrected_total{environment=\"staging\"} 1", await anonymous.GetStringAsync("/metrics"));
        await WatchHarness.EventuallyAsync(() => JsonNode.Parse(reader.GetStringAsync("/api/environments/staging/drift").Result)!["lastSync"]!["corrected"]!.GetValue<bool>() == false,
            "a later sync finding nothing to correct");
    }

    [Fact]
    public async Task An_environment_its_gitops_agent_renders_is_left_to_the_agent_and_is_no_health_problem()
    {
        _world.CommitFile("pipelines.yaml", _world.Show("pipelines.yaml") + "\n  kustomized:\n    path: environments/kustomized\n    namespace: shop-k\n");
        _world.CommitFile("environments/kustomized/kustomization.yaml", $"resources:\n- carts.yaml\nimages:\n- name: {_world.Image("carts", "1.0.0").Split(':')[0]}\n  newTag: 1.0.0\n");
        _world.CommitFile("environments/kustomized/carts.yaml", ReleaseWorld.Deployment("carts", _world.Image("carts", "1.0.0")));
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), _world.Kubeconfig, syncInterval: TimeSpan.FromMilliseconds(300));
        using var reader = watch.Client(WatchHarness.ReadToken);
        using var anonymous = watch.Client(token: null);

        // Two syncs of staging after the first: every environment was looked at in at least one whole round.
        await WatchHarness.EventuallyAsync(() => JsonNode.Parse(reader.GetStringAsync("/api/environments/staging/drift").Result)!["lastSync"] is not null, "a first sync");
        var first = (string?)JsonNode.Parse(await reader.GetStringAsync("/api/environments/staging/drift"))!["lastSync"]!["at"];
        await WatchHarness.EventuallyAsync(() => (string?)JsonNode.Parse(reader.GetStringAsync("/api/environments/staging/drift").Result)!["lastSync"]!["at"] != first, "a later sync");

        var health = await anonymous.GetStringAsync("/healthz");
        Assert.DoesNotContain("sync of kustomized", health);
        Assert.DoesNotContain("sync of kustomized", watch.LogText);
        Assert.Empty((await new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_world.Kubeconfig)).CoreV1.ListNamespacedPodAsync("shop-k")).Items);
    }
}
