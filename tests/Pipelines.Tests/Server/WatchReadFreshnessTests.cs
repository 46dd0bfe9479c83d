using Pipelines.Tests.Documents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>
/// The API gives an answer again, without asking git, the registry and the cluster, while it is fresher than Watch's
/// ReadFreshness (issue 23: every request fetched the config repo, scanned the environment and listed its cluster); a
/// change made through Watch is seen by the very next read, and one made elsewhere once the answer has aged past it.
/// </summary>
public sealed class WatchReadFreshnessTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>
{
    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return Schemas.AssertConforms(text);
    }

    [Fact]
    public async Task A_read_within_the_freshness_window_is_answered_fresh_without_asking_git_again()
    {
        var root = Directory.CreateTempSubdirectory("pipelines-fresh-").FullName;
        var git = GitDaemon.Start(root);
        try
        {
            git.CreateRepository("config", [("pipelines.yaml", "environments:\n  staging:\n    path: environments/staging\n")]);
            await using var watch = await WatchHarness.StartAsync(git.Url("config"), TimeSpan.FromHours(1), automation: false, readFreshness: TimeSpan.FromHours(1));
            using var client = watch.Client(WatchHarness.ReadToken);
            Assert.Equal("staging", (string?)(await Json(await client.GetAsync("/api/environments")))["items"]![0]!["name"]);

            git.Dispose();   // were git asked again, the answer would be the last one known, marked stale with the failure

            var again = await client.GetAsync("/api/environments");
            Assert.Equal("staging", (string?)(await Json(again))["items"]![0]!["name"]);
            Assert.False(again.Headers.Contains("Pipelines-Stale"), string.Join("; ", again.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
        }
        finally
        {
            git.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_change_made_through_watch_is_seen_by_the_next_read_however_fresh_the_last_answer()
    {
        using var world = new ReleaseWorld(registry);
        await world.PushUsualAsync();
        await using var watch = await WatchHarness.StartAsync(world.Url, TimeSpan.FromHours(1), automation: false, readFreshness: TimeSpan.FromHours(1));
        using var client = watch.Client();
        var before = await Json(await client.GetAsync("/api/environments/staging/services/sock-shop/carts"));
        Assert.False((bool)before["policy"]!["locked"]!);
        Assert.Empty((await Json(await client.GetAsync("/api/history?environment=staging")))["items"]!.AsArray());

        await Json(await client.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock", new { message = "load test tonight" }));

        var after = await Json(await client.GetAsync("/api/environments/staging/services/sock-shop/carts"));
        Assert.Equal("load test tonight", (string?)after["policy"]!["lockedMessage"]);
        Assert.Equal("lock", (string?)(await Json(await client.GetAsync("/api/history?environment=staging")))["items"]![0]!["action"]);
    }

    [Fact]
    public async Task A_push_made_elsewhere_is_seen_once_the_answer_is_older_than_the_freshness_window()
    {
        using var world = new ReleaseWorld(registry);
        await world.PushUsualAsync();
        await using var watch = await WatchHarness.StartAsync(world.Url, TimeSpan.FromHours(1), automation: false, readFreshness: TimeSpan.FromMilliseconds(300));
        using var client = watch.Client(WatchHarness.ReadToken);
        static bool Lists(JsonNode services, string name) => services["services"]!.AsArray().Any(s => (string?)s!["name"] == name);
        Assert.False(Lists(await Json(await client.GetAsync("/api/environments/staging/services")), "basket"));

        world.CommitFile("environments/staging/basket.yaml", ReleaseWorld.Deployment("basket", world.Image("carts", "1.0.0")));

        JsonNode services = null!;
        for (var i = 0; i < 100 && !Lists(services = await Json(await client.GetAsync("/api/environments/staging/services")), "basket"); i++) await Task.Delay(100);
        Assert.True(Lists(services, "basket"), services.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/environments/staging/services/sock-shop/basket")).StatusCode);
    }
}
