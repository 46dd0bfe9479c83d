using System.Net;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Git;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Server;

/// <summary>Watch keeps running through outages, says why it is degraded, and recovers when the component returns.</summary>
public sealed class WatchOutageTests
{
    private static async Task<JsonNode> HealthAsync(WatchHarness watch)
    {
        using var client = watch.Client(token: null);
        return JsonNode.Parse(await client.GetStringAsync("/healthz"))!;
    }

    private static bool Has(JsonNode health, string source) => health["problems"]!.AsArray().Any(p => (string?)p!["source"] == source);

    [Fact]
    public async Task Git_server_down_makes_health_degraded_naming_the_config_repo_and_it_recovers_when_the_server_returns()
    {
        var root = Directory.CreateTempSubdirectory("pipelines-outage-").FullName;
        var git = GitDaemon.Start(root);
        try
        {
            git.CreateRepository("config", [("pipelines.yaml", "environments:\n  staging:\n    path: environments/staging\n    automation: automatic\n")]);
            await using var watch = await WatchHarness.StartAsync(git.Url("config"), TimeSpan.FromMilliseconds(200));
            await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles > 0, "a first cycle");
            Assert.Equal("ok", (string?)(await HealthAsync(watch))["status"]);

            git.Dispose();
            JsonNode health = null!;
            await WatchHarness.EventuallyAsync(() => Has(health = HealthAsync(watch).Result, "config repo"), "health naming the config repo");
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Contains("127.0.0.1", (string?)health["problems"]![0]!["problem"]);
            using (var client = watch.Client(token: null)) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

            git = GitDaemon.Start(root, git.Port);
            await WatchHarness.EventuallyAsync(() => (string?)HealthAsync(watch).Result["status"] == "ok", "health ok again");
            Assert.Contains("config repo", watch.LogText); // the outage was logged
        }
        finally
        {
            git.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Registry_down_makes_automation_of_the_environment_degraded_and_the_api_still_answers()
    {
        var gone = $"127.0.0.1:{DistributionRegistry.FreePort()}";
        var root = Directory.CreateTempSubdirectory("pipelines-outage-").FullName;
        using var git = GitDaemon.Start(root);
        try
        {
            git.CreateRepository("config", [
                ("pipelines.yaml", "environments:\n  staging:\n    path: environments/staging\n    automation: automatic\n"),
                ("environments/staging/carts.yaml", Releases.ReleaseWorld.Deployment("carts", $"{gone}/shop/carts:1.0.0")),
            ]);
            await using var watch = await WatchHarness.StartAsync(git.Url("config"), TimeSpan.FromMilliseconds(200));

            JsonNode health = null!;
            // While a call is still out, health says it has not answered; once it fails, the failure names the registry.
            await WatchHarness.EventuallyAsync(() => Has(health = HealthAsync(watch).Result, "automation of staging") && health.ToJsonString().Contains(gone),
                "health naming staging's automation and the registry that is gone");
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Contains(gone, (string?)health["problems"]![0]!["problem"]);
            using var client = watch.Client(WatchHarness.ReadToken);
            var services = JsonNode.Parse(await client.GetStringAsync("/api/environments/staging/services"))!;
            Assert.Equal("carts", (string?)services["services"]![0]!["name"]);
            Assert.Contains(gone, (string?)services["problems"]![0]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Cluster_down_makes_health_name_the_cluster_and_it_recovers_when_the_api_server_returns()
    {
        var root = Directory.CreateTempSubdirectory("pipelines-outage-").FullName;
        using var git = GitDaemon.Start(root);
        var port = DistributionRegistry.FreePort();
        var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Listen = $"127.0.0.1:{port}" });
        try
        {
            var kubeconfig = emulator.WriteKubeconfig(Path.Combine(root, "kubeconfig"));
            git.CreateRepository("config", [("pipelines.yaml", "environments:\n  staging:\n    path: environments/staging\n    namespace: default\n    automation: automatic\n")]);
            await using var watch = await WatchHarness.StartAsync(git.Url("config"), TimeSpan.FromMilliseconds(200), kubeconfig);
            await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles > 0, "a first cycle");
            Assert.Equal("ok", (string?)(await HealthAsync(watch))["status"]);

            await emulator.DisposeAsync();
            JsonNode health = null!;
            await WatchHarness.EventuallyAsync(() => Has(health = HealthAsync(watch).Result, "cluster of staging") && health.ToJsonString().Contains($"127.0.0.1:{port}"),
                "health naming staging's cluster and its address");
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Contains($"127.0.0.1:{port}", (string?)health["problems"]!.AsArray().First(p => (string?)p!["source"] == "cluster of staging")!["problem"]);
            using (var client = watch.Client(WatchHarness.ReadToken))
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/environments")).StatusCode); // the API still answers
            }

            emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Listen = $"127.0.0.1:{port}" });
            await WatchHarness.EventuallyAsync(() => (string?)HealthAsync(watch).Result["status"] == "ok", "health ok again");
            Assert.Contains("cluster of staging", watch.LogText); // the outage was logged
        }
        finally
        {
            await emulator.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
