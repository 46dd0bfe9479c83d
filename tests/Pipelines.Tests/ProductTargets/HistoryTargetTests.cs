using System.Text.Json.Nodes;
using Pipelines.Locking;
using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.ProductTargets;

public sealed class HistoryTargetTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly ConfigRepoHarness _config = new();
    private readonly TargetHarness _targets = new();

    public void Dispose()
    {
        _targets.Dispose();
        _config.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task History_prints_json_and_nothing_else_on_stdout()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        var repository = _config.Repository(_server.GitUrl("config"));
        await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "front-end:2"), new NoLock());
        await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "front-end:3"), new NoLock());

        var (exitCode, stdout, stderr) = await _targets.RunAsync(
            ["History", "--config-repo", _server.GitUrl("config"), "--output", "json", "--service", "sock-shop/front-end"], new ConfigRepoTargets());

        Assert.True(exitCode == 0, stderr);
        var entries = Schemas.AssertConforms(stdout)["items"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal("front-end:3", (string?)entries[0]!["changes"]![0]!["to"]);
        Assert.Equal("release", (string?)entries[0]!["action"]);
        Assert.Equal("staging", (string?)entries[0]!["environment"]);
        Assert.Equal("sock-shop:deployment/front-end", (string?)entries[1]!["changes"]![0]!["workload"]);
        Assert.Matches("^rel-[0-9a-z]{26}$", (string?)entries[1]!["release"]);
        Assert.All(entries, e => Assert.Equal("committed", (string?)e!["status"]));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty((string?)e!["user"]!["name"])));
    }

    [Fact]
    public async Task History_without_config_repo_exits_2_saying_how_to_give_it()
    {
        var (exitCode, _, stderr) = await _targets.RunAsync(["History"], new ConfigRepoTargets());
        Assert.Equal(2, exitCode);
        Assert.Contains("History requires --config-repo (or PIPELINES_CONFIG_REPO", stderr);
    }

    [Fact]
    public async Task History_of_a_service_with_no_release_says_so()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        var (exitCode, stdout, _) = await _targets.RunAsync(["History", "--config-repo", _server.GitUrl("config"), "--service", "carts"], new ConfigRepoTargets());
        Assert.Equal(0, exitCode);
        Assert.Equal("No releases yet.\n", stdout);
    }
}
