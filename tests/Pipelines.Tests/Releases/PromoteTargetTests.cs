using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Releases;

/// <summary>Promote with --apply false (as GitOps teams run it) and no cluster: it copies what the source recorded, and refuses what it cannot verify.</summary>
public sealed class PromoteTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    private static JsonNode Result(string stdout, string workload) =>
        Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == $"shop-production:deployment/{workload}")!;

    [Fact]
    public async Task Promote_copies_the_reference_the_source_recorded_never_resolving_a_tag_again()
    {
        await _world.PushUsualAsync();
        var (released, releaseOut, releaseError) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--output", "json");
        Assert.True(released == 0, releaseError);
        var recorded = (string)Schemas.AssertConforms(releaseOut)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!["changes"]![0]!["to"]!;
        await _world.PushAsync("carts", "1.2.0"); // the tag is re-pushed after the staging release: other bytes

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--force", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"image: {recorded}   # set by releases", _world.Show("environments/production/carts.yaml"));
        Assert.Equal(recorded, (string?)Result(stdout, "carts")["changes"]![0]!["to"]);
        var log = _world.Log("%B");
        Assert.StartsWith("Promote shop-production/carts from staging to production", log);
        Assert.Contains("Pipelines-Action: promote", log);
        Assert.Contains("Pipelines-Environment: production", log);
    }

    [Fact]
    public async Task Without_a_reachable_source_cluster_promote_says_health_was_not_checked_and_refuses_without_force()
    {
        await _world.PushUsualAsync();
        await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("source health: not checked (", (string?)Result(stdout, "carts")["reason"]);
        Assert.Contains("pass --force to promote without it", (string?)Result(stdout, "carts")["reason"]);
        Assert.Contains("source health: not checked (", (string?)JsonNode.Parse(stdout)!["steps"]![1]!["text"]);
        Assert.Equal(2, _world.Commits());
    }

    [Fact]
    public async Task A_source_tag_without_digest_is_refused_unless_forced_then_pinned_from_the_registry_and_said()
    {
        await _world.PushUsualAsync();
        var digest = await _world.PushAsync("carts", "1.0.0");

        var (_, refused, _) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--output", "json");
        Assert.Equal("skipped", (string?)Result(refused, "carts")["status"]);

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--force", "--output", "json");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"image: {_world.Image("carts", "1.0.0")}@{digest}", _world.Show("environments/production/carts.yaml"));
        Assert.Contains("the digest", (string?)Result(stdout, "carts")["reason"]);
        Assert.Contains("--force", (string?)Result(stdout, "carts")["reason"]);
    }

    [Fact]
    public async Task An_image_rejected_in_the_target_is_promoted_only_with_force_and_the_report_says_so()
    {
        await _world.PushUsualAsync();
        await _world.Run("Release", "--environment", "production", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));
        var (_, rollback, _) = await _world.Run("Rollback", "--environment", "production", "--service", "carts", "--output", "json");
        await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "carts", "--force", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("success", (string?)Result(stdout, "carts")["status"]);
        Assert.Contains($"1.2.0 is rejected in production (rolled back in {(string?)JsonNode.Parse(rollback)!["release"]} by Carol), promoted with --force",
            (string?)Result(stdout, "carts")["reason"]);
    }

    [Fact]
    public async Task A_sidecar_that_differs_only_by_a_digest_pin_is_not_promoted_and_its_rollback_rejects_only_what_changed()
    {
        await _world.PushUsualAsync();
        var metrics = await _world.PushAsync("metrics", "1.0.0");
        // Staging's front-end runs 1.0.1, its metrics sidecar the same tag as production's, pinned by digest.
        _world.CommitFile("environments/staging/front-end.yaml", ReleaseWorld.Deployment("front-end", _world.Image("front-end", "1.0.0"), "",
            $"      - name: metrics\n        image: {_world.Image("metrics", "1.0.0")}@{metrics}"));
        await _world.Run("Release", "--environment", "staging", "--service", "front-end", "--container", "front-end", "--image", _world.Image("front-end", "1.0.1"));

        var (exitCode, stdout, stderr) = await _world.Run("Promote", "--environment", "production", "--service", "front-end", "--force", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var change = Assert.Single(Result(stdout, "front-end")["changes"]!.AsArray())!; // the sidecar's re-pin is no change
        Assert.Equal("front-end", (string?)change["container"]);
        var (rolledBack, _, rollbackError) = await _world.Run("Rollback", "--environment", "production", "--service", "front-end");
        Assert.True(rolledBack == 0, rollbackError);
        var rollback = _world.Log("%B%x00").Split('\0')[0].Split('\n').Where(l => l.StartsWith("Pipelines-Change: ", StringComparison.Ordinal)).ToList();
        Assert.Equal($"Pipelines-Change: shop-production:deployment/front-end front-end {(string?)change["to"]} -> {_world.Image("front-end", "0.9.0")}", Assert.Single(rollback));
    }

    [Fact]
    public async Task Promote_from_an_environment_that_does_not_exist_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await _world.Run("Promote", "--environment", "production", "--from", "qa");
        Assert.Equal(2, exitCode);
        Assert.Contains("--environment qa: no such environment in pipelines.yaml; environments: staging, production.", stderr);
    }
}
