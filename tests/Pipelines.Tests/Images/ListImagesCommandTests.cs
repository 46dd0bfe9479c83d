using System.Text.Json;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Reporting;
using Pipelines.Sandbox.Registry;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Images;

public sealed class ListImagesCommandTests(AnonymousRegistry fixture) : IClassFixture<AnonymousRegistry>
{
    static readonly DateTimeOffset T0 = new(2025, 4, 1, 12, 0, 0, TimeSpan.Zero);

    async Task<ImageReference> RepositoryAsync()
    {
        var repository = fixture.NewRepository("shop");
        using var client = new RegistryClient(TestOptions.For());
        await TestImages.PushImageAsync(client, repository, "1.0.0", created: T0);
        await TestImages.PushImageAsync(client, repository, "1.1.0", created: T0.AddDays(2));
        await TestImages.PushImageAsync(client, repository, "master-7f511af", created: T0.AddDays(3));
        await TestImages.PushImageAsync(client, repository, "latest", created: T0.AddDays(3));
        return repository;
    }

    static async Task<(int Exit, string Stdout, string Log)> RunAsync(ListImagesOptions options)
    {
        var stdout = new StringWriter();
        var log = new StringWriter();
        var exit = await new ListImagesCommand().RunAsync(options, stdout, log, CancellationToken.None);
        return (exit, stdout.ToString(), log.ToString());
    }

    [Fact]
    public async Task Lists_tags_newest_first_with_short_digest_and_created_time()
    {
        var repository = await RepositoryAsync();

        var (exit, stdout, _) = await RunAsync(new ListImagesOptions(repository.Name) { Registry = TestOptions.For() });

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("TAG", lines[0]);
        Assert.Equal(["master-7f511af", "latest", "1.1.0", "1.0.0"], lines[1..].Select(l => l.Split(' ')[0]));
        Assert.EndsWith("2025-04-01T12:00:00Z", lines[^1]);
        Assert.Matches(@"^1\.0\.0\s+[0-9a-f]{12}\s+2025", lines[^1]);
    }

    [Fact]
    public async Task Json_output_filtered_by_semver_and_limited()
    {
        var repository = await RepositoryAsync();

        var (exit, stdout, log) = await RunAsync(new ListImagesOptions(repository.Name)
        {
            TagFilter = "semver:^1.0.0",
            Limit = 1,
            Output = OutputFormat.Json,
            Registry = TestOptions.For(),
        });

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("1.1.0", item.GetProperty("tag").GetString());
        Assert.StartsWith("sha256:", item.GetProperty("digest").GetString());
        Assert.Equal("2025-04-03T12:00:00Z", item.GetProperty("created").GetString());
        Assert.Contains("4 tags, 2 pass semver:^1.0.0, 1 shown", log);
    }

    [Fact]
    public async Task A_glob_filter_leaves_out_latest()
    {
        var repository = await RepositoryAsync();

        var (_, stdout, _) = await RunAsync(new ListImagesOptions(repository.Name) { TagFilter = "glob:*", Output = OutputFormat.Json, Registry = TestOptions.For() });

        using var json = JsonDocument.Parse(stdout);
        Assert.DoesNotContain("latest", json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("tag").GetString()));
    }

    [Theory]
    [InlineData("localhost:5000/App", null, null, "--repository", "lowercase")]
    [InlineData("localhost:5000/app:1.0", null, null, "--repository", "give the repository alone")]
    [InlineData("localhost:5000/app", "bogus:x", null, "--tag-filter", "glob:<pattern>")]
    [InlineData("localhost:5000/app", null, 0, "--limit", "1 or more")]
    public async Task Bad_parameters_exit_2_naming_the_parameter(string repository, string? filter, int? limit, string parameter, string advice)
    {
        var (exit, stdout, log) = await RunAsync(new ListImagesOptions(repository) { TagFilter = filter, Limit = limit, Registry = TestOptions.For() });

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith(parameter, log);
        Assert.Contains(advice, log);
    }

    [Fact]
    public async Task A_registry_that_is_down_exits_1_with_the_reason_in_the_log()
    {
        var port = DistributionRegistry.FreePort();

        var (exit, stdout, log) = await RunAsync(new ListImagesOptions($"127.0.0.1:{port}/app") { Registry = TestOptions.For() with { MaxRetries = 0 } });

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains($"Cannot connect to registry 127.0.0.1:{port}", log);
    }

    [Fact]
    public async Task An_unknown_platform_exits_2()
    {
        var (exit, _, log) = await RunAsync(new ListImagesOptions("localhost:5000/app") { Registry = TestOptions.For() with { Platform = "linux" } });

        Assert.Equal(2, exit);
        Assert.StartsWith("--platform", log);
    }
}
