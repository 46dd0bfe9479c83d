using System.Net;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Registry;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>Watch's automation: polls, registry push notifications from the real registry, health and metrics.</summary>
public sealed class WatchAutomationTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_poll_releases_a_new_tag_to_automated_workloads_and_health_and_metrics_say_so()
    {
        await _world.PushAsync("carts", "1.0.0");
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromMilliseconds(200));
        await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles > 0, "a first automation cycle");
        Assert.Equal(1, _world.Commits()); // carts runs the newest tag: nothing to do

        await _world.PushAsync("carts", "1.2.0");

        await WatchHarness.EventuallyAsync(() => _world.Show("environments/staging/carts.yaml").Contains("carts:1.2.0"), "automation releasing carts:1.2.0");
        var log = _world.Log("%B");
        Assert.StartsWith($"Automated release of {_world.Image("carts", "1.2.0")} to sock-shop/carts in staging", log);
        Assert.Contains("Pipelines-Cause: automation", log);
        using var anonymous = watch.Client(token: null);
        var health = JsonNode.Parse(await anonymous.GetStringAsync("/healthz"))!;
        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Contains("pipelines_operations_total{action=\"release\",result=\"success\"}", metrics);
        Assert.Matches(@"pipelines_registry_requests_total\{method=""GET"",status=""200""\} [1-9]", metrics);
        Assert.Contains("pipelines_lock_wait_seconds_count", metrics);
    }

    [Fact]
    public async Task A_push_notification_from_the_real_registry_triggers_automation_without_waiting_for_the_poll()
    {
        // The registry must know the service's address before either starts: pick the port first.
        var port = DistributionRegistry.FreePort();
        var notifying = new NotifyingRegistry(new Uri($"http://127.0.0.1:{port}/hooks/registry"), $"Bearer {WatchHarness.WebhookSecret}");
        await notifying.InitializeAsync();
        using var world = new ReleaseWorld(notifying);
        try
        {
            // The poll interval is an hour: only the notification can explain a release during the test.
            await using var watch = await WatchHarness.StartAsync(world.Url, TimeSpan.FromHours(1), listen: $"127.0.0.1:{port}");
            await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles > 0, "the first automation cycle");

            await world.PushAsync("carts", "1.2.0");

            await WatchHarness.EventuallyAsync(() => world.Show("environments/staging/carts.yaml").Contains("carts:1.2.0"), "automation after the notification");
            Assert.Contains($"registry pushed {notifying.Registry.Host}/", watch.LogText);
            Assert.DoesNotContain(WatchHarness.WebhookSecret, watch.LogText);
        }
        finally
        {
            await notifying.DisposeAsync();
        }
    }

    private sealed class NotifyingRegistry(Uri hook, string authorization) : RegistryFixture
    {
        protected override Task<DistributionRegistry> StartAsync() =>
            DistributionRegistry.StartAsync(new RegistryLaunchOptions { NotificationsUrl = hook, NotificationsAuthorization = authorization });
    }

    [Fact]
    public async Task Hooks_refuse_a_wrong_secret_and_accept_the_registry_envelope()
    {
        await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), automation: false);
        using var http = new HttpClient { BaseAddress = new Uri(watch.Server.Address) };
        var envelope = """{"events":[{"action":"push","target":{"repository":"shop/carts","tag":"1.2.0"},"request":{"host":"registry.example.com"}}]}""";

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/hooks/registry") { Content = new StringContent(envelope) };
        wrong.Headers.TryAddWithoutValidation("Authorization", "Bearer guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Post, "/hooks/registry")
        {
            Content = new StringContent(envelope, System.Text.Encoding.UTF8, "application/vnd.docker.distribution.events.v1+json"),
        };
        right.Headers.TryAddWithoutValidation("Authorization", $"Bearer {WatchHarness.WebhookSecret}");
        var response = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["pushes"]!);
    }
}
