using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>Durations and counts have ranges: a value outside one (a TTL of 0, no push attempt, a Kubernetes timeout of 0) is a
/// usage error (exit 2) that names the range, before anything is fetched, locked or pushed.</summary>
public sealed class ParameterRangeTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public ParameterRangeTests() => _server.CreateRepository("config", SampleConfigRepo.Files(1));

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    [Theory]
    [InlineData("--lock-ttl", "0s", "a duration from 5s to 1h")]
    [InlineData("--push-attempts", "0", "a whole number from 1 to 100")]
    [InlineData("--kube-timeout", "0s", "a duration from 1s to 10m")]
    [InlineData("--failure-grace", "0s", "a duration from 1s to 1h")]
    [InlineData("--limit", "0", "a whole number from 1 to")]
    public async Task Out_of_range_durations_and_counts_exit_2_naming_the_range(string parameter, string value, string range)
    {
        var head = _server.Log("config", format: "%H");

        var (exitCode, _, stderr) = await _targets.RunAsync(["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging",
            "--service", "service-1", "--image", SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0"), "--apply", "false", "--lock", "none",
            parameter, value], new ConfigRepoTargets());

        Assert.True(exitCode == 2, stderr);
        Assert.Contains($"{parameter}: '{value}' is out of range", stderr);
        Assert.Contains(range, stderr);
        Assert.Equal(head, _server.Log("config", format: "%H"));
    }
}
