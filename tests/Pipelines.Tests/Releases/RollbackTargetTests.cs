using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Releases;

public sealed class RollbackTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    private async Task<string> ReleaseCarts(string tag)
    {
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", tag), "--output", "json");
        Assert.True(exitCode == 0, stderr);
        return (string)JsonNode.Parse(stdout)!["release"]!;
    }

    [Fact]
    public async Task Rollback_returns_to_the_image_before_the_last_release_marks_it_a_rollback_and_rejects_the_image()
    {
        await _world.PushUsualAsync();
        var release = await ReleaseCarts("1.2.0");

        var (exitCode, stdout, stderr) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("rollback", (string?)report["action"]);
        var carts = _world.Show("environments/staging/carts.yaml");
        Assert.Contains($"image: {_world.Image("carts", "1.0.0")}", carts);
        Assert.Contains($"pipelines/rejected.carts: \"{_world.Image("carts", "1.2.0")}\"", carts);
        var log = _world.Log("%B");
        Assert.Contains("Pipelines-Action: rollback", log);
        Assert.Contains($"Pipelines-Rollback-Of: {release}", log);
        Assert.StartsWith($"Roll back sock-shop/carts in staging to {_world.Image("carts", "1.0.0")} (undoing {release})", log);
    }

    [Fact]
    public async Task A_rollback_is_sticky_against_automation_until_a_newer_image_arrives()
    {
        await _world.PushUsualAsync();
        await ReleaseCarts("1.2.0");
        Assert.Equal(0, (await _world.Run("Rollback", "--environment", "staging", "--service", "carts")).ExitCode);

        var (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        var carts = JsonNode.Parse(stdout)!["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!;
        Assert.Equal("up to date", (string?)carts["reason"]); // 1.2.0 is newest but rejected
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));

        await _world.PushAsync("carts", "1.3.0");
        var (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--automated");
        Assert.True(exitCode == 0, stderr);
        var after = _world.Show("environments/staging/carts.yaml");
        Assert.Contains("carts:1.3.0", after);
        Assert.DoesNotContain("rejected", after); // a newer release ends the veto
    }

    [Fact]
    public async Task An_explicit_release_of_the_rejected_image_clears_the_rejection()
    {
        await _world.PushUsualAsync();
        await ReleaseCarts("1.2.0");
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        await ReleaseCarts("1.2.0");
        var carts = _world.Show("environments/staging/carts.yaml");
        Assert.Contains("carts:1.2.0", carts);
        Assert.DoesNotContain("rejected", carts);
    }

    [Fact]
    public async Task A_second_rollback_goes_one_release_further_back_and_to_names_a_release()
    {
        await _world.PushUsualAsync();
        await _world.PushAsync("carts", "1.3.0");
        var first = await ReleaseCarts("1.2.0");
        await ReleaseCarts("1.3.0");
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));

        var (exitCode, _, stderr) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts", "--to", first);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
    }

    [Fact]
    public async Task Rollback_without_history_says_what_to_do_and_commits_nothing()
    {
        var (exitCode, _, stderr) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.Equal(1, exitCode);
        Assert.Contains("No release in history set what sock-shop:deployment/carts runs now", stderr);
        Assert.Contains("--to <image | rel-id>", stderr);
        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task Rollback_to_an_image_history_never_saw_is_a_usage_error()
    {
        await _world.PushUsualAsync();
        await ReleaseCarts("1.2.0");
        var (exitCode, _, stderr) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts", "--to", _world.Image("carts", "0.1.0"));
        Assert.Equal(2, exitCode);
        Assert.Contains("never ran that image according to history", stderr);
        Assert.Equal(2, _world.Commits());
    }
}
