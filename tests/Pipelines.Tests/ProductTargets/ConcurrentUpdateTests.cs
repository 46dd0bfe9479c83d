using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ProductTargets;

/// <summary>
/// V2's hard case: many CI jobs — separate OS processes, as on CI machines — running UpdateConfigRepo on one
/// config repo at the same moment. Every update lands exactly once, history stays linear, the files end as the
/// last writer left them, and the lock ends free.
/// </summary>
public sealed class ConcurrentUpdateTests : IDisposable
{
    private const int Jobs = 16;
    private readonly GitServer _server = new();
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-jobs-").FullName;

    public ConcurrentUpdateTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        _server.CreateRepository("config", SampleConfigRepo.Files(Jobs));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _server.Dispose();
    }

    [Theory]
    [InlineData("different", "git")]
    [InlineData("different", "none")]
    [InlineData("same", "git")]
    [InlineData("same", "none")]
    public async Task Sixteen_processes_updating_at_once_all_land_exactly_once(string workloads, string lockKind)
    {
        var updates = Enumerable.Range(1, Jobs)
            .Select(i => (Service: workloads == "same" ? "service-1" : $"service-{i}", Image: SampleConfigRepo.Pinned($"registry.example.com/{(workloads == "same" ? "service-1" : $"service-{i}")}:2.0.{i}")))
            .ToList();

        var processes = updates.Select(u => BuiltCli.Start(_root,
        [
            "UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging", "--service", u.Service,
            "--image", u.Image, "--apply", "false", "--lock", lockKind, "--push-attempts", "40", "--user", $"job for {u.Image}",
        ])).ToList();
        var outputs = await Task.WhenAll(processes.Select(async p =>
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, Stdout: stdout, Stderr: await stderr);
        }));

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, o.Stderr));
        var messages = _server.Log("config", format: "%B%x00").Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (service, image) in updates)
        {
            Assert.Single(messages, m => m.Contains($" -> {image}\n", StringComparison.Ordinal)); // a Pipelines-Change trailer line
        }
        Assert.Equal(Jobs + 1, messages.Length);
        Assert.All(_server.Log("config", format: "%p").Trim().Split('\n'), parents => Assert.DoesNotContain(" ", parents));

        if (workloads == "same")
        {
            var last = _server.Log("config", format: "%s").Split('\n')[0]; // "Release <image> to …" of the newest commit
            var lastImage = last.Split(' ')[1];
            Assert.Contains($"image: {SampleConfigRepo.Pinned(lastImage)}   # set by CI", _server.Show("config", "environments/staging/service-1.yaml"));
        }
        else
        {
            foreach (var (service, image) in updates) Assert.Contains($"image: {image}   # set by CI", _server.Show("config", $"environments/staging/{service}.yaml"));
        }
        if (lockKind == "git") Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock"));
    }
}
