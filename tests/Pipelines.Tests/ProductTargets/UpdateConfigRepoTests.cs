using System.Text.Json.Nodes;
using Pipelines.ProductTargets;
using Pipelines.Tests.ConfigRepo.Fixtures;

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

        var (exitCode, stdout, stderr) = await Run("--service", "service-2", "--image", "registry.example.com/service-2:1.1.0", "--output", "json", "--user", "Carol <carol@example.com>");

        Assert.True(exitCode == 0, stderr);
        var after = _server.Show("config", "environments/staging/service-2.yaml");
        Assert.Equal(before.Replace("service-2:1.0.0", "service-2:1.1.0").Replace("\"1.0.0\"", "\"1.1.0\""), after);
        var report = JsonNode.Parse(stdout)!;
        Assert.True((bool)report["pushed"]!);
        Assert.Equal("staging", (string?)report["environment"]);
        Assert.Equal("success", (string?)report["results"]![0]!["status"]);
        Assert.Equal("sock-shop:deployment/service-2", (string?)report["results"]![0]!["workload"]);
        Assert.Equal("registry.example.com/service-2:1.0.0", (string?)report["results"]![0]!["changes"]![0]!["from"]);
        var log = _server.Log("config", format: "%an%n%B");
        Assert.StartsWith("Carol\nRelease registry.example.com/service-2:1.1.0 to sock-shop/service-2 in staging", log);
        Assert.Contains("Pipelines-Change: sock-shop:deployment/service-2 service-2 registry.example.com/service-2:1.0.0 -> registry.example.com/service-2:1.1.0", log);
        Assert.Contains($"Pipelines-Release: {(string?)report["release"]}", log);
    }

    [Fact]
    public async Task Releasing_the_running_image_again_commits_nothing_and_says_up_to_date()
    {
        var (exitCode, stdout, _) = await Run("--service", "sock-shop/service-1", "--image", "registry.example.com/service-1:1.0.0");
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
    public async Task Unknown_container_fails_listing_the_containers()
    {
        var (exitCode, _, stderr) = await Run("--service", "service-1", "--container", "web", "--image", "x:1");
        Assert.Equal(1, exitCode);
        Assert.Contains("has no container 'web'; its containers: service-1.", stderr);
    }

    [Fact]
    public async Task Applying_without_a_reachable_cluster_configuration_fails_before_anything_is_committed()
    {
        var missing = Path.Combine(_targets.Root, "no-such-kubeconfig");
        var (exitCode, _, stderr) = await _targets.RunAsync(
            ["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging", "--service", "service-1", "--image", "x:1", "--kubeconfig", missing], new ConfigRepoTargets());
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
    public async Task Unknown_environment_names_the_ones_there_are()
    {
        var (exitCode, _, stderr) = await _targets.RunAsync(
            ["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "qa", "--service", "service-1", "--image", "x:1", "--apply", "false"], new ConfigRepoTargets());
        Assert.Equal(1, exitCode);
        Assert.Contains("no environment 'qa'; environments: staging, production.", stderr);
    }
}
