using System.Text.Json.Nodes;
using Pipelines.Cli;
using Pipelines.Registry;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.ProductTargets;

public sealed class ListImagesTargetTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly TargetHarness _targets = new();

    public void Dispose() => _targets.Dispose();

    [Fact]
    public async Task ListImages_target_prints_json_newest_first_filtered_and_limited()
    {
        var repository = registry.NewRepository("front-end");
        using (var client = new RegistryClient(TestOptions.For()))
        {
            var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            await TestImages.PushImageAsync(client, repository, "0.3.11", created: t0);
            await TestImages.PushImageAsync(client, repository, "0.3.12", created: t0.AddDays(1));
            await TestImages.PushImageAsync(client, repository, "0.4.0-rc.1", created: t0.AddDays(2));
            await TestImages.PushImageAsync(client, repository, "latest", created: t0.AddDays(2));
        }

        var (exitCode, stdout, stderr) = await _targets.RunAsync(
            ["ListImages", "--repository", repository.Name, "--tag-filter", "semver:~0.3", "--limit", "1", "--output", "json"], new RegistryTargets());

        Assert.True(exitCode == 0, stderr);
        var images = Schemas.AssertConforms(stdout)["items"]!.AsArray();
        Assert.Single(images);
        Assert.Equal("0.3.12", (string?)images[0]!["tag"]);
        Assert.StartsWith("sha256:", (string?)images[0]!["digest"]);
    }

    [Fact]
    public async Task A_repository_with_a_tag_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await _targets.RunAsync(["ListImages", "--repository", "registry.example.com/app:1.0"], new RegistryTargets());
        Assert.Equal(2, exitCode);
        Assert.Contains("--repository: 'registry.example.com/app:1.0' names a tag or digest", stderr);
    }
}
