using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

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
        Assert.Contains($"image: {_world.Image("carts", "1.0.0")}   # set by releases", carts);
        Assert.DoesNotContain("rejected", carts); // rejections live in history, not in the manifests
        var log = _world.Log("%B");
        Assert.Contains("Pipelines-Action: rollback", log);
        Assert.Contains($"Pipelines-Rollback-Of: {release}", log);
        Assert.StartsWith($"Roll back sock-shop/carts in staging to {_world.Image("carts", "1.0.0")} (undoing {release})", log);
    }

    private async Task<JsonNode> Automate()
    {
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        Assert.True(exitCode == 0, stderr);
        return Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!;
    }

    [Fact]
    public async Task A_rollback_is_sticky_against_automation_which_says_which_image_it_passed_over_and_why()
    {
        await _world.PushUsualAsync();
        await ReleaseCarts("1.2.0");
        var (_, rolledBack, _) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts", "--output", "json");
        var rollback = (string)JsonNode.Parse(rolledBack)!["release"]!;

        Assert.Equal($"newer image rejected: 1.2.0 (rolled back in {rollback} by Carol)", (string?)(await Automate())["reason"]);
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));
    }

    [Fact]
    public async Task Two_bad_builds_in_a_row_never_alternate_a_newer_release_clears_no_rejection()
    {
        await _world.PushUsualAsync();
        await ReleaseCarts("1.2.0");
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        await _world.PushAsync("carts", "1.3.0");

        Assert.Equal("success", (string?)(await Automate())["status"]); // 1.3.0 is newer and not rejected
        Assert.Contains("carts:1.3.0", _world.Show("environments/staging/carts.yaml"));
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));

        // Both bad builds stay rejected: automation does not go back to 1.2.0 (the old rule's loop).
        Assert.StartsWith("newer image rejected: 1.3.0", (string?)(await Automate())["reason"]);
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));
        Assert.Equal(5, _world.Commits());
    }

    [Fact]
    public async Task Unreject_lets_automation_release_the_image_again_and_is_a_commit_of_trailers_only()
    {
        await _world.PushUsualAsync();
        await ReleaseCarts("1.2.0");
        await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        var files = _world.Show("environments/staging/carts.yaml");

        var (exitCode, stdout, stderr) = await _world.Run("Unreject", "--environment", "staging", "--image", _world.Image("carts", "1.2.0"));
        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"unreject: {_world.Image("carts", "1.2.0")}", stdout);
        Assert.Equal(files, _world.Show("environments/staging/carts.yaml"));
        Assert.Contains($"Pipelines-Unreject: {_world.Image("carts", "1.2.0")}", _world.Log("%B"));
        Assert.Contains("Pipelines-Action: unreject", _world.Log("%B"));

        Assert.Equal("success", (string?)(await Automate())["status"]);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
        var (again, json, _) = await _world.Run("Unreject", "--environment", "staging", "--image", _world.Image("carts", "1.2.0"), "--output", "json");
        Assert.Equal(0, again);
        Assert.False((bool)JsonNode.Parse(json)!["pushed"]!); // not rejected any more: nothing to commit
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
