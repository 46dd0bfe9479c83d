using Pipelines.Tests.Documents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>The Watch service's JSON API against real git and the real registry (--apply false: no cluster).</summary>
public sealed class WatchApiTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private WatchHarness _watch = null!;

    // No automation, so only the API changes the config repo.
    public async Task InitializeAsync() => _watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), automation: false);

    public async Task DisposeAsync()
    {
        await _watch.DisposeAsync();
        _world.Dispose();
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        // Every answer of the API is a published document: the same shapes as --output json.
        return Schemas.AssertConforms(text);
    }

    private static JsonNode Service(JsonNode services, string name) =>
        services["services"]!.AsArray().First(s => (string?)s!["name"] == name)!;

    [Fact]
    public async Task Api_refuses_without_a_token_refuses_writes_to_a_read_token_and_names_unknown_services()
    {
        using var anonymous = _watch.Client(token: null);
        using var reader = _watch.Client(WatchHarness.ReadToken);
        using var wrong = _watch.Client("not-a-token-of-this-service");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/environments")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/environments")).StatusCode);
        var environments = await Json(await reader.GetAsync("/api/environments"));
        Assert.Equal(["staging", "production"], environments["items"]!.AsArray().Select(e => (string?)e!["name"]));

        var refused = await reader.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock", new { message = "mine" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("rita has a read-only token", await refused.Content.ReadAsStringAsync());

        using var operatorClient = _watch.Client();
        var missing = await operatorClient.PostAsJsonAsync("/api/environments/staging/services/sock-shop/basket/lock", new { message = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No service 'sock-shop/basket' in staging", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/environments/qa/services")).StatusCode);
        Assert.Equal(1, _world.Commits()); // nothing refused was committed
    }

    [Fact]
    public async Task Services_show_desired_image_newer_image_and_who_locked_and_why()
    {
        await _world.PushUsualAsync();
        using var reader = _watch.Client(WatchHarness.ReadToken);

        var services = await Json(await reader.GetAsync("/api/environments/staging/services"));

        var carts = Service(services, "carts");
        Assert.Equal("sock-shop:deployment/carts", (string?)carts["workload"]);
        Assert.Equal(_world.Image("carts", "1.0.0"), (string?)carts["containers"]![0]!["desired"]);
        Assert.StartsWith(_world.Image("carts", "1.2.0") + "@sha256:", (string?)carts["containers"]![0]!["newest"]); // what a release would record
        Assert.Null((string?)carts["containers"]![0]!["live"]); // no cluster with --apply false
        Assert.True((bool)carts["hasUpdate"]!);
        var payment = Service(services, "payment");
        Assert.True((bool)payment["policy"]!["locked"]!);
        Assert.Equal("alice", (string?)payment["policy"]!["lockedBy"]);
        Assert.Equal("PCI audit until Friday", (string?)payment["policy"]!["lockedMessage"]);
        Assert.False((bool)Service(services, "orders")["policy"]!["automated"]!);

        var one = await Json(await reader.GetAsync("/api/environments/staging/services/sock-shop/front-end"));
        Assert.StartsWith(_world.Image("front-end", "1.0.1") + "@", (string?)one["containers"]![0]!["newest"]); // its semver:~1.0 filter
        Assert.Equal("semver:~1.0", (string?)one["containers"]![0]!["tagFilter"]);
    }

    [Fact]
    public async Task Release_lock_rollback_and_unlock_through_the_api_commit_with_the_caller_as_cause()
    {
        await _world.PushUsualAsync();
        using var client = _watch.Client();

        var release = await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/release", new { }));
        Assert.True((bool)release["pushed"]!);
        var carts = release["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!;
        Assert.Equal("success", (string?)carts["status"]);
        Assert.StartsWith(_world.Image("carts", "1.2.0") + "@sha256:", (string?)carts["changes"]![0]!["to"]);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
        Assert.Contains("Pipelines-Cause: dana", _world.Log("%B"));

        var locked = await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock", new { message = "load test tonight" }));
        Assert.Equal("lock", (string?)locked["action"]);
        var yaml = _world.Show("environments/staging/carts.yaml");
        Assert.Contains("pipelines/locked-by: dana", yaml.Replace("\"", ""));
        Assert.Contains("load test tonight", yaml);
        var service = await Json(await client.GetAsync("/api/environments/staging/services/sock-shop/carts"));
        Assert.Equal("load test tonight", (string?)service["policy"]!["lockedMessage"]);

        var lockWithoutReason = await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock", new { });
        Assert.Equal(HttpStatusCode.BadRequest, lockWithoutReason.StatusCode);

        // A lock holds a rollback back too, naming who and why, until the caller insists.
        var held = await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/rollback", new { }));
        Assert.False((bool)held["pushed"]!);
        var heldCarts = held["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!;
        Assert.Equal("skipped", (string?)heldCarts["status"]);
        Assert.Equal("locked by dana: load test tonight", (string?)heldCarts["reason"]);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));

        var rollback = await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/rollback", new { force = true }));
        Assert.Equal("rollback", (string?)rollback["action"]);
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));

        await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/unlock", new { }));
        Assert.DoesNotContain("pipelines/locked", _world.Show("environments/staging/carts.yaml"));

        var history = await Json(await client.GetAsync("/api/history?environment=staging"));
        Assert.Equal(["unlock", "rollback", "lock", "release"], history["items"]!.AsArray().Take(4).Select(h => (string?)h!["action"]));
        Assert.All(history["items"]!.AsArray().Take(4), h => Assert.StartsWith("dana", (string?)h!["cause"]));
    }

    [Fact]
    public async Task Promote_through_the_api_copies_what_staging_recorded_and_force_is_needed_without_its_cluster()
    {
        await _world.PushUsualAsync();
        using var client = _watch.Client();
        var released = await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/release", new { image = _world.Image("carts", "1.2.0") }));
        var recorded = (string)released["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!["changes"]![0]!["to"]!;

        var refused = await Json(await client.PostAsJsonAsync("/api/environments/production/promote", new { services = new[] { "carts" } }));
        Assert.False((bool)refused["pushed"]!);
        var report = await Json(await client.PostAsJsonAsync("/api/environments/production/promote", new { services = new[] { "carts" }, force = true }));

        Assert.Equal("promote", (string?)report["action"]);
        Assert.True((bool)report["pushed"]!);
        Assert.Contains($"image: {recorded}", _world.Show("environments/production/carts.yaml"));
    }
}
