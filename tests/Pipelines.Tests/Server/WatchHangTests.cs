using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Server;

/// <summary>Watch with a dependency that hangs rather than fails — a git daemon or registry frozen with SIGSTOP: health says
/// degraded after one poll interval, naming the source that does not answer, long before the call's own timeout; the API
/// answers from the last state known, marked stale.</summary>
public sealed class WatchHangTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private static async Task<JsonNode> HealthAsync(WatchHarness watch)
    {
        using var client = watch.Client(token: null);
        return JsonNode.Parse(await client.GetStringAsync("/healthz"))!;
    }

    private static string? Problem(JsonNode health, string source) =>
        (string?)health["problems"]!.AsArray().FirstOrDefault(p => (string?)p!["source"] == source)?["problem"];

    [Fact]
    public async Task A_frozen_git_server_is_degraded_within_a_poll_interval_and_the_api_answers_from_the_last_state_known()
    {
        var root = Directory.CreateTempSubdirectory("pipelines-hang-").FullName;
        using var git = GitDaemon.Start(root);
        try
        {
            git.CreateRepository("config", [("pipelines.yaml", "environments:\n  staging:\n    path: environments/staging\n    automation: automatic\n")]);
            await using var watch = await WatchHarness.StartAsync(git.Url("config"), Poll);
            await WatchHarness.EventuallyAsync(() => watch.Server.Automation.Cycles > 0, "a first cycle");
            using var client = watch.Client(WatchHarness.ReadToken);
            client.Timeout = TimeSpan.FromSeconds(30);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/environments")).StatusCode);

            Signal("STOP", git.ProcessId);
            try
            {
                JsonNode health = null!;
                // Under load the git timeout may fail a fetch first; the next poll hangs again and says it is waiting.
                await WatchHarness.EventuallyAsync(() => Problem(health = HealthAsync(watch).Result, "config repo")?.Contains("has not answered") == true,
                    "health saying the config repo's git server has not answered");
                Assert.Equal("degraded", (string?)health["status"]);
                Assert.StartsWith("The config repo's git server has not answered for 0.5s (still waiting)", Problem(health, "config repo"));

                var answer = await client.GetAsync("/api/environments");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Equal("staging", (string?)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["items"]![0]!["name"]);
                Assert.Contains("no answer within", answer.Headers.GetValues("Pipelines-Stale").Single());
                Assert.NotNull(answer.Headers.Age);
            }
            finally
            {
                Signal("CONT", git.ProcessId);
            }
            await WatchHarness.EventuallyAsync(() => (string?)HealthAsync(watch).Result["status"] == "ok", "health ok again");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_frozen_registry_is_degraded_within_a_poll_interval_and_service_status_answers_stale()
    {
        await using var registry = await TestRegistries.StartAnonymousAsync();
        var root = Directory.CreateTempSubdirectory("pipelines-hang-").FullName;
        using var git = GitDaemon.Start(root);
        try
        {
            git.CreateRepository("config", [
                ("pipelines.yaml", "environments:\n  staging:\n    path: environments/staging\n    automation: automatic\n"),
                ("environments/staging/carts.yaml", Releases.ReleaseWorld.Deployment("carts", $"{registry.Host}/shop/carts:1.0.0")),
            ]);
            await using var watch = await WatchHarness.StartAsync(git.Url("config"), Poll);
            using var client = watch.Client(WatchHarness.ReadToken);
            client.Timeout = TimeSpan.FromSeconds(30);
            var fresh = await client.GetAsync("/api/environments/staging/services");
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.False(fresh.Headers.Contains("Pipelines-Stale"));

            Signal("STOP", registry.ProcessId);
            try
            {
                JsonNode health = null!;
                await WatchHarness.EventuallyAsync(() => Problem(health = HealthAsync(watch).Result, $"registry {registry.Host}") is not null, "health naming the registry");
                Assert.Equal("degraded", (string?)health["status"]);
                Assert.Equal($"Registry {registry.Host} has not answered a request for 0.5s (still waiting)", Problem(health, $"registry {registry.Host}"));

                var answer = await client.GetAsync("/api/environments/staging/services");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                var services = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
                Assert.Equal("carts", (string?)services["services"]![0]!["name"]);
                Assert.Contains(services["problems"]!.AsArray(), p => ((string?)p)!.StartsWith("stale: this is the state as of"));
            }
            finally
            {
                Signal("CONT", registry.ProcessId);
            }
            await WatchHarness.EventuallyAsync(() => Problem(HealthAsync(watch).Result, $"registry {registry.Host}") is null, "the registry's problem cleared once it answers");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Signal(string signal, int pid)
    {
        foreach (var each in ProcessTree.Of(pid))
        {
            using var kill = Process.Start("kill", [$"-{signal}", each.ToString()])!;
            kill.WaitForExit();
        }
    }
}
