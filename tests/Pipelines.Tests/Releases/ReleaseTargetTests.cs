using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Releases;

/// <summary>Release end to end, against real git and the real registry, with --apply false.</summary>
public sealed class ReleaseTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly ReleaseWorld _world = new(registry);

    public void Dispose() => _world.Dispose();

    /// <summary>The image as releases record it: pinned to the digest the registry gave at release time.</summary>
    private static string Pinned(string image) => "^" + System.Text.RegularExpressions.Regex.Escape(image) + "@sha256:[0-9a-f]{64}$";

    private static JsonNode Result(JsonNode report, string workload) =>
        report["results"]!.AsArray().First(r => (string?)r!["workload"] == $"sock-shop:deployment/{workload}")!;

    [Fact]
    public async Task Release_of_one_service_commits_one_change_with_trailers_and_reports_changes_as_json()
    {
        await _world.PushUsualAsync();
        var before = _world.Show("environments/staging/carts.yaml");

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var report = JsonNode.Parse(stdout)!;
        var pinned = (string)Result(report, "carts")["changes"]![0]!["to"]!;
        Assert.Matches(Pinned(_world.Image("carts", "1.2.0")), pinned); // repository:tag@digest as resolved at release time
        Assert.Equal(before.Replace(_world.Image("carts", "1.0.0"), pinned), _world.Show("environments/staging/carts.yaml"));
        Assert.True((bool)report["pushed"]!);
        Assert.Equal("main", (string?)report["branch"]);
        Assert.Equal("success", (string?)Result(report, "carts")["status"]);
        Assert.Equal(_world.Image("carts", "1.0.0"), (string?)Result(report, "carts")["changes"]![0]!["from"]);
        Assert.Equal("not included", (string?)Result(report, "front-end")["reason"]);
        var log = _world.Log("%B");
        Assert.StartsWith($"Release {_world.Image("carts", "1.2.0")} to sock-shop/carts in staging", log);
        Assert.Contains("Pipelines-Action: release", log);
        Assert.Contains($"Pipelines-Change: sock-shop:deployment/carts carts {_world.Image("carts", "1.0.0")} -> {pinned}", log);
        Assert.Contains("Pipelines-Cause: Carol", log);
    }

    [Fact]
    public async Task On_ci_the_json_report_is_written_to_temp_reports_for_the_job_to_archive()
    {
        await _world.PushUsualAsync();
        _world.Environment["GITLAB_CI"] = "true";
        _world.Environment["CI_JOB_URL"] = "https://gitlab.example.com/shop/config/-/jobs/7";

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        Assert.True(exitCode == 0, stderr);
        var release = System.Text.RegularExpressions.Regex.Match(stdout, "rel-[0-9a-z]{26}").Value;
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_world.Root, ".nuke", "temp", "reports", release + ".json")))!;
        Assert.Equal(release, (string?)report["release"]);
        Assert.Equal("success", (string?)Result(report, "carts")["status"]);
        Assert.Contains("https://gitlab.example.com/shop/config/-/jobs/7", _world.Log("%B"));
    }

    [Fact]
    public async Task Release_text_report_tells_what_happened_step_by_step()
    {
        await _world.PushUsualAsync();
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"^Release rel-[0-9a-z]{26} to staging: commit [0-9a-f]{7} pushed to main\.\n", stdout);
        Assert.Matches(@"What happened:\n  1\. plan: 1 workload to change \(1 container\), 0 skipped\n" +
            @"  2\. validation: not done, the cluster could not be reached \([^\n]+\)\n" + // no cluster: the server-side dry run could not be done
            @"  3\. lock: none \(--lock none; the push is still a compare-and-swap\)\n  4\. edit: environments/staging/carts\.yaml\n  5\. commit: ", stdout);
        Assert.Contains("  6. push: main of ", stdout);
        Assert.Contains("  7. apply: not done (--apply false", stdout);
        Assert.DoesNotContain("lock: released", stdout);
        Assert.Matches(@"sock-shop:deployment/carts\s+carts\s+success\s+\S+carts:1\.0\.0 -> \S+carts:1\.2\.0", stdout);
        Assert.Contains("Unchanged: 3 not included (--output json lists each).", stdout);
        Assert.Matches(@"\nTook \d+\.\d s\n$", stdout);
    }

    [Fact]
    public async Task A_warning_about_the_environment_is_printed_once_however_often_the_run_plans_on_it()
    {
        await _world.PushUsualAsync();
        _world.CommitFile("environments/staging/values.yaml", "image: {{ .Values.image }}\n");

        var (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"));

        Assert.True(exitCode == 0, stderr);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(stderr, "environments/staging/values.yaml: skipped, it is a template"));
    }

    [Fact]
    public async Task With_the_git_lock_the_steps_say_it_was_acquired_and_released()
    {
        await _world.PushUsualAsync();
        var (exitCode, stdout, stderr) = await _world.RunRaw("Release", "--config-repo", _world.Url, "--apply", "false", "--environment", "staging",
            "--service", "carts", "--image", _world.Image("carts", "1.2.0"));
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("  3. lock: acquired (", stdout);
        Assert.Contains("  8. lock: released", stdout);
        Assert.Equal("pipelines-lock: free", _world.Log("%s", "pipelines-lock").Split('\n')[0]); // released
    }

    [Fact]
    public async Task Release_all_with_update_all_images_takes_the_newest_tag_each_filter_allows_in_one_commit()
    {
        await _world.PushUsualAsync();

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--all", "--update-all-images", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var report = JsonNode.Parse(stdout)!;
        Assert.Matches(Pinned(_world.Image("front-end", "1.0.1")), (string?)Result(report, "front-end")["changes"]![0]!["to"]); // semver:~1.0 keeps 1.1.0 out
        Assert.Single(Result(report, "front-end")["changes"]!.AsArray()); // the metrics sidecar is up to date
        Assert.Matches(Pinned(_world.Image("carts", "1.2.0")), (string?)Result(report, "carts")["changes"]![0]!["to"]);
        Assert.Matches(Pinned(_world.Image("orders", "1.1.0")), (string?)Result(report, "orders")["changes"]![0]!["to"]); // a manual release includes non-automated ones
        Assert.Equal("skipped", (string?)Result(report, "payment")["status"]);
        Assert.Equal("locked by alice: PCI audit until Friday", (string?)Result(report, "payment")["reason"]);
        Assert.Equal(2, _world.Commits());
        Assert.Equal(3, _world.Log("%B").Split('\n').Count(l => l.StartsWith("Pipelines-Change: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_skip_reason_is_reported_in_flux_words()
    {
        await _world.PushUsualAsync();

        var (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--all", "--exclude", "orders", "--image", _world.Image("carts", "1.0.0"), "--output", "json");
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("up to date", (string?)Result(report, "carts")["reason"]);
        Assert.Equal("does not use image", (string?)Result(report, "front-end")["reason"]);
        Assert.Equal("excluded", (string?)Result(report, "orders")["reason"]);
        Assert.Equal("locked by alice: PCI audit until Friday", (string?)Result(report, "payment")["reason"]);
        Assert.False((bool)report["pushed"]!);

        (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--all", "--container", "metrics", "--update-all-images", "--output", "json");
        Assert.Equal("container not found", (string?)Result(JsonNode.Parse(stdout)!, "carts")["reason"]);

        (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        Assert.Equal("not automated", (string?)Result(JsonNode.Parse(stdout)!, "orders")["reason"]);

        Assert.Equal(2, _world.Commits()); // the seed, and the automated release: skipped runs commit nothing
    }

    [Fact]
    public async Task An_explicit_image_the_registry_does_not_have_fails_with_exit_1_and_commits_nothing()
    {
        await _world.PushUsualAsync();
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "9.9.9"), "--output", "json");
        Assert.Equal(1, exitCode);
        var carts = Result(JsonNode.Parse(stdout)!, "carts");
        Assert.Equal("failed", (string?)carts["status"]);
        Assert.StartsWith($"image not in registry: {_world.Image("carts", "9.9.9")}", (string?)carts["reason"]);
        Assert.Contains("(nothing was committed)", stderr);
        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task A_container_a_named_workload_lacks_is_a_usage_error_listing_its_containers()
    {
        await _world.PushUsualAsync();
        var (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--container", "web", "--image", _world.Image("carts", "1.2.0"));
        Assert.Equal(2, exitCode);
        Assert.Contains("--container web: sock-shop:deployment/carts has no such container; its containers: carts.", stderr);
    }

    [Fact]
    public async Task Force_releases_a_locked_workload_named_on_the_command_line_but_never_with_all()
    {
        await _world.PushUsualAsync();
        var (_, stdout, _) = await _world.Run("Release", "--environment", "staging", "--all", "--force", "--update-all-images", "--output", "json");
        Assert.Equal("skipped", (string?)Result(JsonNode.Parse(stdout)!, "payment")["status"]);

        var (exitCode, json, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "payment", "--force", "--image", _world.Image("payment", "2.0.0"), "--output", "json");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal("success", (string?)Result(JsonNode.Parse(json)!, "payment")["status"]);
        Assert.Contains("payment:2.0.0", _world.Show("environments/staging/payment.yaml"));
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_commits_nothing()
    {
        await _world.PushUsualAsync();
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--all", "--update-all-images", "--dry-run");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("(dry run): nothing committed.", stdout);
        Assert.Contains("plan: 3 workloads to change", stdout);
        Assert.Contains("carts:1.0.0 -> ", stdout);
        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task Push_branch_puts_the_commit_on_that_branch_and_leaves_the_config_branch_alone()
    {
        await _world.PushUsualAsync();
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--push-branch", "release/carts");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("pushed to release/carts.", stdout);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml", "release/carts"));
        Assert.Contains("carts:1.0.0", _world.Show("environments/staging/carts.yaml"));
        Assert.Equal(1, _world.Commits());

        // A second change builds on the pending branch, so the merge request grows instead of being refused.
        (exitCode, _, stderr) = await _world.Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "1.1.0"), "--push-branch", "release/carts");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(3, _world.Commits("release/carts"));
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml", "release/carts"));
    }

    [Fact]
    public async Task UpdateConfigRepo_takes_push_branch_too()
    {
        await _world.PushUsualAsync();
        var (exitCode, _, stderr) = await _world.Run("UpdateConfigRepo", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.2.0"), "--push-branch", "mr/carts");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml", "mr/carts"));
        Assert.Equal(1, _world.Commits());
    }

    [Fact]
    public async Task Automation_releases_automated_unlocked_workloads_as_one_commit_caused_by_automation()
    {
        await _world.PushUsualAsync();
        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json");
        Assert.True(exitCode == 0, stderr);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("success", (string?)Result(report, "carts")["status"]);
        Assert.Equal("success", (string?)Result(report, "front-end")["status"]);
        Assert.StartsWith("locked by alice", (string?)Result(report, "payment")["reason"]);
        Assert.Equal("not automated", (string?)Result(report, "orders")["reason"]);
        Assert.StartsWith("Automated release of 2 images to sock-shop/carts, sock-shop/front-end in staging", _world.Log("%B"));
        Assert.Contains("Pipelines-Cause: automation", _world.Log("%B"));
    }
}
