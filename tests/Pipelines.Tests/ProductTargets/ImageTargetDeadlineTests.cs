using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ProductTargets;

/// <summary>BuildImage, PushImage and ListImages run within <c>--deadline</c> as the config repo targets do: an engine or
/// registry that accepts connections and never answers stops the target at its deadline, saying so, instead of holding
/// the CI job until a per-request timeout (or for ever).</summary>
public sealed class ImageTargetDeadlineTests : IDisposable
{
    private readonly TargetHarness _targets = new();
    private readonly SilentServer _hung = new();

    public void Dispose()
    {
        _hung.Dispose();
        _targets.Dispose();
    }

    [Fact]
    public async Task ListImages_stops_at_its_deadline_when_the_registry_hangs()
    {
        var registry = $"127.0.0.1:{_hung.Port}";

        // The registry timeout alone would wait ten minutes for each request.
        var (exitCode, _, stderr) = await _targets.RunAsync(["ListImages", "--repository", $"{registry}/team/app", "--insecure-registries", registry,
            "--registry-timeout", "10m", "--deadline", "5s"], new RegistryTargets());

        Assert.True(exitCode == 1, stderr);
        Assert.Contains("ListImages did not finish within its deadline of 5s and was stopped", stderr);
    }

    [Theory]
    [InlineData("PushImage")]
    [InlineData("BuildImage")]
    public async Task Docker_targets_stop_at_their_deadline_when_the_engine_hangs(string target)
    {
        var (exitCode, _, stderr) = await _targets.RunAsync([target, "--image", "127.0.0.1:5000/team/app:1.0.0", "--repository", "127.0.0.1:5000/team/app",
            "--tag", "1.0.0", "--docker-host", $"tcp://127.0.0.1:{_hung.Port}", "--deadline", "5s"], new DockerTargets());

        Assert.True(exitCode == 1, stderr);
        Assert.Contains($"{target} did not finish within its deadline of 5s and was stopped", stderr);
    }

    [Fact]
    public async Task BuildImage_alone_asked_for_json_says_it_prints_no_result_and_builds_nothing()
    {
        var (exitCode, stdout, stderr) = await _targets.RunAsync(["BuildImage", "--repository", "127.0.0.1:5000/team/app", "--tag", "1.0.0",
            "--docker-host", $"tcp://127.0.0.1:{_hung.Port}", "-o", "json"], new DockerTargets());

        Assert.Equal(2, exitCode);
        Assert.Contains("BuildImage prints no result", stderr);
        Assert.Equal("", stdout);
    }
}
