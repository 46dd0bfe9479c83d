using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>A container that repeats a key is ambiguous: the tool would edit the first, a reader that keeps the last would run
/// the other. It is refused whatever <c>--apply</c> says (with <c>--apply false</c> nothing else would notice), naming file,
/// line and key, and nothing is pushed.</summary>
public sealed class DuplicateKeyTests : IDisposable
{
    private const string File = "environments/staging/service-1.yaml";

    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    [Theory]
    // The repeat goes right after the container's image: line, at the container's indentation.
    [InlineData("image", "        image: registry.example.com/service-1:6.6.6\n")]
    [InlineData("name", "        name: another\n")]
    public async Task A_key_repeated_in_a_container_is_refused_with_apply_false_naming_file_line_and_key(string key, string repeat)
    {
        var service = SampleConfigRepo.Service("service-1", "registry.example.com/service-1:1.0.0");
        var imageLine = service.IndexOf("\n        image: ", StringComparison.Ordinal) + 1;
        var lineEnd = service.IndexOf('\n', imageLine) + 1;
        var repeated = service[..lineEnd] + repeat + service[lineEnd..];
        var line = repeated[..lineEnd].Count(c => c == '\n') + 1;
        var files = SampleConfigRepo.Files(1).Select(f => f.Path == File ? (f.Path, repeated) : f).ToArray();
        _server.CreateRepository("config", files);
        var head = _server.Log("config", format: "%H");

        var (exitCode, _, stderr) = await _targets.RunAsync(["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging",
            "--service", "service-1", "--image", SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0"), "--apply", "false", "--lock", "none"],
            new ConfigRepoTargets());

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{File}:{line}:", stderr);
        Assert.Contains($"repeats the key '{key}'", stderr);
        Assert.Equal(head, _server.Log("config", format: "%H"));
    }
}
