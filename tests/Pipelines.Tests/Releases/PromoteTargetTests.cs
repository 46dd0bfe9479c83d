using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Releases;

public sealed class PromoteTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Promote_pins_what_staging_runs_by_digest_resolved_now_even_if_the_tag_moves_later()
    {
        await _world.PushUsualAsync();
        var cartsDigest = await _world.PushAsync("carts", "1.0.0"); // the tag now points at a new build
        await _world.PushAsync("front-end", "1.0.0");
        var frontEndDigest = await _world.PushAsync("front-end", "1.0.0");
        var metricsDigest = await _world.PushAsync("metrics", "1.0.0");

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var carts = _world.Show("environments/production/carts.yaml");
        Assert.Contains($"image: {_world.Image("carts", "1.0.0")}@{cartsDigest}", carts);
        var frontEnd = _world.Show("environments/production/front-end.yaml");
        Assert.Contains($"{_world.Image("front-end", "1.0.0")}@{frontEndDigest}", frontEnd);
        Assert.Contains($"{_world.Image("metrics", "1.0.0")}@{metricsDigest}", frontEnd);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("promote", (string?)report["action"]);
        var catalogue = report["results"]!.AsArray().First(r => (string?)r!["workload"] == "shop-production:deployment/catalogue")!;
        Assert.Equal("not in staging", (string?)catalogue["reason"]);
        Assert.Contains("source health: not checked (--apply false", stdout);
        var log = _world.Log("%B");
        Assert.StartsWith("Promote shop-production/carts, shop-production/front-end from staging to production", log);
        Assert.Contains("Pipelines-Action: promote", log);
        Assert.Contains("Pipelines-Environment: production", log);

        // The tag moves on; production keeps the bytes staging ran, and promoting again changes nothing.
        await _world.PushAsync("carts", "1.0.0");
        Assert.Contains($"@{cartsDigest}", _world.Show("environments/production/carts.yaml"));
    }

    [Fact]
    public async Task Promote_of_named_services_leaves_the_others_and_an_image_missing_from_the_registry_is_skipped()
    {
        await _world.PushAsync("front-end", "0.0.1"); // the registry lacks front-end:1.0.0
        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "front-end", "--output", "json");
        Assert.True(exitCode == 0, stderr);
        var report = JsonNode.Parse(stdout)!;
        var frontEnd = report["results"]!.AsArray().First(r => (string?)r!["workload"] == "shop-production:deployment/front-end")!;
        Assert.Equal("image not in registry", (string?)frontEnd["reason"]);
        var carts = report["results"]!.AsArray().First(r => (string?)r!["workload"] == "shop-production:deployment/carts")!;
        Assert.Equal("not included", (string?)carts["reason"]);
        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task Promote_from_an_environment_that_does_not_exist_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await _world.Run("Promote", "--environment", "production", "--from", "qa");
        Assert.Equal(2, exitCode);
        Assert.Contains("--environment qa: no such environment in pipelines.yaml; environments: staging, production.", stderr);
    }
}
