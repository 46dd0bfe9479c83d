using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Registry;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>--notify-url: a real HTTP listener receives the generic JSON and Slack's payload; a dead URL fails nothing.</summary>
public sealed class WatchNotificationTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private const string SlackToken = "T0001/B0001/slack-secret-token";
    private readonly ReleaseWorld _world = new(registry);
    private readonly NotificationReceiver _receiver = new();

    public void Dispose()
    {
        _receiver.Dispose();
        _world.Dispose();
    }

    [Fact]
    public async Task An_api_release_posts_both_payloads_and_a_dead_url_is_logged_masked_and_counted_without_failing_the_release()
    {
        await _world.PushUsualAsync();
        var dead = $"http://127.0.0.1:{DistributionRegistry.FreePort()}/hook?token=dead-secret-query";
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), automation: false,
            notifyUrls: [_receiver.Url("/generic"), "slack+" + _receiver.Url($"/services/{SlackToken}"), dead]);
        using var client = watch.Client();

        var response = await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/release", new { });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        await WatchHarness.EventuallyAsync(() => _receiver.Received("/generic").Count == 1 && _receiver.Received($"/services/{SlackToken}").Count == 1, "both payloads");
        var generic = _receiver.Received("/generic")[0];
        Assert.Equal("release", (string?)generic["event"]);
        Assert.Equal("success", (string?)generic["outcome"]);
        Assert.Equal("staging", (string?)generic["environment"]);
        Assert.Equal((string?)report["release"], (string?)generic["release"]);
        Assert.Equal((string?)report["commit"], (string?)generic["commit"]);
        Assert.Equal("dana", (string?)generic["cause"]);
        var carts = Assert.Single(generic["workloads"]!.AsArray())!;
        Assert.Equal("sock-shop:deployment/carts", (string?)carts["workload"]);
        Assert.Equal(_world.Image("carts", "1.0.0"), (string?)carts["changes"]![0]!["from"]);
        Assert.StartsWith(_world.Image("carts", "1.2.0") + "@sha256:", (string?)carts["changes"]![0]!["to"]);

        var slack = _receiver.Received($"/services/{SlackToken}")[0];
        Assert.StartsWith($"Release {(string?)report["release"]} in staging succeeded: sock-shop:deployment/carts", (string?)slack["text"]);
        Assert.Equal("section", (string?)slack["blocks"]![0]!["type"]);
        Assert.Contains("carts:1.2.0", slack["blocks"]!.ToJsonString());

        await WatchHarness.EventuallyAsync(() => watch.LogText.Contains("Could not notify"), "the dead URL's failure logged");
        Assert.Contains($"Could not notify http://127.0.0.1:{new Uri(dead).Port}/hook?token=**** of release", watch.LogText);
        Assert.DoesNotContain("dead-secret-query", watch.LogText);
        Assert.DoesNotContain("slack-secret-token", watch.LogText);
        using var anonymous = watch.Client(token: null);
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Contains("pipelines_notifications_total{result=\"delivered\"} 2", metrics);
        Assert.Contains("pipelines_notifications_total{result=\"failed\"} 1", metrics);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));

        var locked = await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock", new { message = "load test tonight" });
        Assert.True(locked.IsSuccessStatusCode);
        await WatchHarness.EventuallyAsync(() => _receiver.Received("/generic").Count == 2, "the lock's notification");
        var lockNotice = _receiver.Received("/generic")[1];
        Assert.Equal("lock", (string?)lockNotice["event"]);
        Assert.Equal("load test tonight", (string?)lockNotice["message"]);
    }

    [Fact]
    public async Task Automation_posts_an_automated_release_caused_by_automation()
    {
        await _world.PushAsync("carts", "1.0.0", "1.2.0");
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromMilliseconds(200), notifyUrls: [_receiver.Url("/generic")]);

        await WatchHarness.EventuallyAsync(() => _receiver.Received("/generic").Count > 0, "automation's notification");

        var notice = _receiver.Received("/generic")[0];
        Assert.Equal("automated-release", (string?)notice["event"]);
        Assert.Equal("automation", (string?)notice["cause"]);
        Assert.StartsWith(_world.Image("carts", "1.2.0") + "@sha256:", (string?)notice["workloads"]![0]!["changes"]![0]!["to"]);
        var cycles = watch.Server.Automation.Cycles;
        await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles >= cycles + 3, "three more polls");
        Assert.Single(_receiver.Received("/generic"));
    }

    [Fact]
    public async Task The_release_target_notifies_too_before_its_process_ends()
    {
        await _world.PushUsualAsync();

        var (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"),
            "--notify-url", _receiver.Url("/cli"));

        Assert.True(exitCode == 0, stderr);
        var notice = Assert.Single(_receiver.Received("/cli")); // delivered before Run returned
        Assert.Equal("release", (string?)notice["event"]);
        Assert.StartsWith("Carol", (string?)notice["cause"]);
    }
}
