using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Releases;

public sealed class PolicyTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Lock_makes_releases_skip_the_workload_naming_who_and_why_until_Unlock()
    {
        await _world.PushUsualAsync();
        var (exitCode, _, stderr) = await _world.Run("Lock", "--environment", "staging", "--service", "carts", "--message", "load test until 5pm");
        Assert.True(exitCode == 0, stderr);
        var carts = _world.Show("environments/staging/carts.yaml");
        Assert.Contains("pipelines/locked: \"true\"", carts);
        Assert.Contains("pipelines/locked-by: \"Carol\"", carts);
        var log = _world.Log("%B");
        Assert.StartsWith("Lock sock-shop/carts in staging: load test until 5pm", log);
        Assert.Contains("Pipelines-Action: lock", log);
        Assert.Contains("Pipelines-Cause: Carol", log);

        var (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--output", "json");
        Assert.Equal("locked by Carol: load test until 5pm", (string?)Schemas.AssertConforms(stdout)["results"]!.AsArray()
            .First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!["reason"]);

        Assert.Equal(0, (await _world.Run("Unlock", "--environment", "staging", "--service", "carts")).ExitCode);
        Assert.DoesNotContain("pipelines/locked", _world.Show("environments/staging/carts.yaml"));
        Assert.Equal(0, (await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"))).ExitCode);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));
    }

    [Fact]
    public async Task Lock_unlock_lock_on_a_workload_whose_only_annotations_were_ours_leaves_a_valid_file_that_syncs_and_releases()
    {
        await _world.PushUsualAsync();
        var before = _world.Show("environments/staging/carts.yaml");
        foreach (var target in new[] { "Lock", "Unlock", "Lock", "Unlock", "Lock" })
        {
            var (exitCode, _, stderr) = await _world.Run(target, "--environment", "staging", "--service", "carts", "--message", "a load test");
            Assert.True(exitCode == 0, stderr);
            var file = _world.Show("environments/staging/carts.yaml");
            Assert.True(System.Text.RegularExpressions.Regex.Matches(file, @"^\s*annotations:", System.Text.RegularExpressions.RegexOptions.Multiline).Count <= 1, file);
            Pipelines.Manifests.WorkloadReader.Read("carts.yaml", file, "sock-shop"); // parses, no repeated key
        }
        Assert.Equal(0, (await _world.Run("Unlock", "--environment", "staging", "--service", "carts")).ExitCode);
        Assert.Equal(before, _world.Show("environments/staging/carts.yaml")); // back to the byte
        var (released, _, error) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));
        Assert.True(released == 0, error);
    }

    [Fact]
    public async Task A_locked_workload_is_rolled_back_only_with_force_and_history_of_the_service_lists_the_lock()
    {
        await _world.PushUsualAsync();
        Assert.Equal(0, (await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"))).ExitCode);
        Assert.Equal(0, (await _world.Run("Lock", "--environment", "staging", "--service", "carts", "--message", "PCI audit until Friday")).ExitCode);

        var (_, held, _) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.Matches(@"sock-shop:deployment/carts +skipped +locked by Carol: PCI audit until Friday", held);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));

        var (exitCode, _, stderr) = await _world.Run("Rollback", "--environment", "staging", "--service", "carts", "--force");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));

        var (_, history, _) = await _world.Run("History", "--environment", "staging", "--service", "carts", "--output", "json");
        var entries = Schemas.AssertConforms(history)["items"]!.AsArray();
        Assert.Equal(["rollback", "lock", "release"], entries.Select(e => (string?)e!["action"]));
        Assert.Equal("sock-shop:deployment/carts", (string?)entries[1]!["workloads"]![0]);
        Assert.Equal("PCI audit until Friday", (string?)entries[1]!["message"]);
        Assert.Contains("Pipelines-Workload: sock-shop:deployment/carts", _world.Log("%B"));

        _world.Environment["COLUMNS"] = "200";   // every cell whole on one line: what is read here is the content, not the fitting
        var (_, table, _) = await _world.Run("History", "--environment", "staging", "--service", "carts");
        Assert.Matches(@"lock +sock-shop:deployment/carts +Carol +locked: PCI audit until Friday", table);
        var (_, others, _) = await _world.Run("History", "--environment", "staging", "--service", "orders", "--output", "json");
        Assert.DoesNotContain(Schemas.AssertConforms(others)["items"]!.AsArray(), e => (string?)e!["action"] == "lock");
    }

    [Fact]
    public async Task Unlock_removes_flux_v1_lock_annotations_too_and_locking_twice_commits_once()
    {
        Assert.Equal(0, (await _world.Run("Unlock", "--environment", "staging", "--service", "payment")).ExitCode);
        Assert.DoesNotContain("locked", _world.Show("environments/staging/payment.yaml"));
        Assert.Equal(0, (await _world.Run("Lock", "--environment", "staging", "--service", "carts", "--message", "m")).ExitCode);
        var (exitCode, stdout, _) = await _world.Run("Lock", "--environment", "staging", "--service", "carts", "--message", "m");
        Assert.Equal(0, exitCode);
        Assert.Contains("nothing to commit", stdout);
        Assert.Equal(3, _world.Commits());
    }

    [Fact]
    public async Task Deautomate_stops_automation_and_Automate_restores_it()
    {
        await _world.PushUsualAsync();
        Assert.Equal(0, (await _world.Run("Deautomate", "--environment", "staging", "--service", "carts")).ExitCode);
        Assert.Contains("pipelines/automated: \"false\"", _world.Show("environments/staging/carts.yaml"));
        var (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        Assert.Equal("not automated", (string?)Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!["reason"]);

        Assert.Equal(0, (await _world.Run("Automate", "--environment", "staging", "--service", "carts", "orders")).ExitCode);
        Assert.Contains("pipelines/automated: \"true\"", _world.Show("environments/staging/orders.yaml"));
        Assert.Contains("Pipelines-Action: automate", _world.Log("%B"));
    }

    [Fact]
    public async Task Policy_sets_a_containers_tag_filter_that_automation_then_follows()
    {
        await _world.PushUsualAsync();
        var (exitCode, _, stderr) = await _world.Run("Policy", "--environment", "staging", "--service", "carts", "--tag-filter", "semver:~1.0");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("pipelines/tag.carts: \"semver:~1.0\"", _world.Show("environments/staging/carts.yaml"));
        var (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        Assert.Equal("up to date", (string?)Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!["reason"]);
    }

    [Fact]
    public async Task Policy_with_a_bad_filter_or_an_unknown_container_is_a_usage_error_and_commits_nothing()
    {
        var (exitCode, _, stderr) = await _world.Run("Policy", "--environment", "staging", "--service", "carts", "--tag-filter", "semver:not-a-range!");
        Assert.Equal(2, exitCode);
        Assert.Contains("--tag-filter: Tag filter 'semver:not-a-range!' is not valid", stderr);

        (exitCode, _, stderr) = await _world.Run("Policy", "--environment", "staging", "--service", "front-end", "--container", "web", "--tag-filter", "glob:*");
        Assert.Equal(2, exitCode);
        Assert.Contains("--container web: sock-shop:deployment/front-end has no such container; its containers: front-end, metrics.", stderr);

        (exitCode, _, stderr) = await _world.Run("Policy", "--environment", "staging", "--service", "front-end", "--tag-filter", "glob:*");
        Assert.Equal(2, exitCode);
        Assert.Contains("has 2 containers (front-end, metrics); name one with --container.", stderr);
        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task Lock_without_a_message_exits_2_saying_a_lock_needs_one()
    {
        var (exitCode, _, stderr) = await _world.Run("Lock", "--environment", "staging", "--service", "carts");
        Assert.Equal(2, exitCode);
        Assert.Contains("Lock requires --message", stderr);
    }
}
