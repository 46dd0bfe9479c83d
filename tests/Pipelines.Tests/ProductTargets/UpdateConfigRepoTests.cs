using System.Text.Json.Nodes;
using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.ProductTargets;

public sealed class UpdateConfigRepoTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public UpdateConfigRepoTests() => _server.CreateRepository("config", SampleConfigRepo.Files(3));

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        _targets.RunAsync(["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging", "--apply", "false", "--lock", "none", .. args], new ConfigRepoTargets());

    [Fact]
    public async Task Sets_the_image_commits_only_that_value_and_reports_it_as_json()
    {
        var before = _server.Show("config", "environments/staging/service-2.yaml");

        var image = SampleConfigRepo.Pinned("registry.example.com/service-2:1.1.0");
        var (exitCode, stdout, stderr) = await Run("--service", "service-2", "--image", image, "--output", "json", "--user", "Carol <carol@example.com>");

        Assert.True(exitCode == 0, stderr);
        var after = _server.Show("config", "environments/staging/service-2.yaml");
        Assert.Equal(before.Replace("registry.example.com/service-2:1.0.0", image).Replace("\"1.0.0\"", "\"1.1.0\""), after);
        var report = JsonNode.Parse(stdout)!;
        Assert.True((bool)report["pushed"]!);
        Assert.Equal("staging", (string?)report["environment"]);
        var result = report["results"]!.AsArray().Single(r => (string?)r!["status"] != "skipped")!;
        Assert.Equal("success", (string?)result["status"]);
        Assert.Equal("sock-shop:deployment/service-2", (string?)result["workload"]);
        Assert.Equal("registry.example.com/service-2:1.0.0", (string?)result["changes"]![0]!["from"]);
        var log = _server.Log("config", format: "%an%n%B");
        Assert.StartsWith("Carol\nRelease registry.example.com/service-2:1.1.0 to sock-shop/service-2 in staging", log);
        Assert.Contains($"Pipelines-Change: sock-shop:deployment/service-2 service-2 registry.example.com/service-2:1.0.0 -> {image}", log);
        Assert.Contains($"Pipelines-Release: {(string?)report["release"]}", log);
    }

    [Fact]
    public async Task Releasing_the_running_image_again_commits_nothing_and_says_up_to_date()
    {
        var (exitCode, stdout, _) = await Run("--service", "sock-shop/service-1", "--image", SampleConfigRepo.Pinned("registry.example.com/service-1:1.0.0"));
        Assert.Equal(0, exitCode);
        Assert.Contains("nothing to commit", stdout);
        Assert.Contains("skipped", stdout);
        Assert.Contains("up to date", stdout);
        Assert.Single(_server.Log("config").Trim().Split('\n'));
    }

    [Fact]
    public async Task Unknown_service_exits_2_suggesting_near_names()
    {
        var (exitCode, _, stderr) = await Run("--service", "servce-1", "--image", "x:1");
        Assert.Equal(2, exitCode);
        Assert.Contains("--service servce-1: no such workload in staging", stderr);
        Assert.Contains("Did you mean service-1", stderr);
    }

    [Fact]
    public async Task Unknown_container_exits_2_listing_the_containers()
    {
        var (exitCode, _, stderr) = await Run("--service", "service-1", "--container", "web", "--image", SampleConfigRepo.Pinned("x:1"));
        Assert.Equal(2, exitCode);
        Assert.Contains("--container web: sock-shop:deployment/service-1 has no such container; its containers: service-1.", stderr);
    }

    [Fact]
    public async Task Applying_without_a_reachable_cluster_configuration_fails_before_anything_is_committed()
    {
        var missing = Path.Combine(_targets.Root, "no-such-kubeconfig");
        var (exitCode, _, stderr) = await _targets.RunAsync(
            ["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging", "--service", "service-1", "--image", SampleConfigRepo.Pinned("x:1"), "--kubeconfig", missing], new ConfigRepoTargets());
        Assert.Equal(1, exitCode);
        Assert.Contains($"Kubeconfig {missing} does not exist", stderr);
        Assert.Single(_server.Log("config").Trim().Split('\n'));
    }

    [Fact]
    public async Task Without_image_it_releases_what_PushImage_recorded_and_says_so()
    {
        new Pipelines.Docker.PushedImage("registry.example.com/service-2", "1.2.0", "sha256:" + new string('a', 64)).Write(Path.Combine(_targets.Root, ".nuke", "temp"));

        var (exitCode, _, stderr) = await Run("--service", "service-2");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Releasing the image PushImage pushed: registry.example.com/service-2:1.2.0@sha256:aaaa", stderr);
        Assert.Contains("image: registry.example.com/service-2:1.2.0@sha256:" + new string('a', 64), _server.Show("config", "environments/staging/service-2.yaml"));
    }

    [Fact]
    public async Task Unknown_environment_exits_2_naming_the_ones_there_are_as_Release_does()
    {
        var (exitCode, _, stderr) = await _targets.RunAsync(
            ["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "qa", "--service", "service-1", "--image", SampleConfigRepo.Pinned("x:1"), "--apply", "false"], new ConfigRepoTargets());
        Assert.Equal(2, exitCode);
        Assert.Contains("--environment qa: no such environment in pipelines.yaml; environments: staging, production.", stderr);
    }

    [Fact]
    public async Task A_locked_workload_fails_the_job_naming_who_and_why_and_force_overrides_it_saying_so_in_report_and_notification()
    {
        var (locked, _, lockError) = await _targets.RunAsync(["Lock", "--config-repo", _server.GitUrl("config"), "--environment", "staging", "--service", "service-1",
            "--message", "PCI audit", "--user", "alice", "--apply", "false", "--lock", "none"], new ConfigRepoTargets(), new ReleaseTargets());
        Assert.True(locked == 0, lockError);
        var image = SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0");

        var (exitCode, _, stderr) = await Run("--service", "service-1", "--image", image);

        Assert.Equal(1, exitCode);
        Assert.Contains("sock-shop:deployment/service-1: locked by alice: PCI audit; pass --force to release it anyway (nothing was committed)", stderr);
        Assert.DoesNotContain("2.0.0", _server.Show("config", "environments/staging/service-1.yaml"));

        using var receiver = new Pipelines.Tests.Server.NotificationReceiver();
        var (forced, stdout, forcedError) = await Run("--service", "service-1", "--image", image, "--force", "--output", "json", "--notify-url", receiver.Url("/hook"));
        Assert.True(forced == 0, forcedError);
        var result = Schemas.AssertConforms(stdout)["results"]!.AsArray().Single(r => (string?)r!["status"] == "success")!;
        Assert.Equal("lock overridden with --force (locked by alice: PCI audit)", (string?)result["reason"]);
        Assert.Contains(image, _server.Show("config", "environments/staging/service-1.yaml"));
        var notice = Assert.Single(receiver.Received("/hook"));
        Assert.Equal("release", (string?)notice["event"]);
        Assert.Equal("lock overridden with --force (locked by alice: PCI audit)", (string?)notice["workloads"]![0]!["reason"]);
    }
}
