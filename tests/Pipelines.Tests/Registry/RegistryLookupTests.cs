using Pipelines.Diagnostics;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Tests.Registry;

/// <summary>What an automation cycle asks of the real registry, counted by the answers <see cref="RegistryRequestWatch"/> is told of.</summary>
public sealed class RegistryLookupTests(AnonymousRegistry fixture) : IClassFixture<AnonymousRegistry>
{
    const int Repositories = 6;
    int _answered;

    RegistryOptions Counted(RegistryOptions options) =>
        options with { Watch = new RegistryRequestWatch(TimeSpan.FromMinutes(1), _ => { }, _ => Interlocked.Increment(ref _answered)) };

    async Task<List<ImageReference>> PushAsync(RegistryOptions options)
    {
        var repositories = Enumerable.Range(0, Repositories).Select(_ => fixture.NewRepository()).ToList();
        using var client = new RegistryClient(options);
        foreach (var repository in repositories)
            for (var i = 0; i < 8; i++)
                await TestImages.PushImageAsync(client, repository, $"1.{i}.0", created: DateTimeOffset.UnixEpoch.AddDays(i + 1));
        return repositories;
    }

    [Fact]
    public async Task A_cold_cycle_of_version_policies_costs_two_requests_per_repository_and_a_warm_one_the_tag_lists()
    {
        var options = TestOptions.For();
        var repositories = await PushAsync(options);
        var lookup = new RegistryLookup(Counted(options), new TextLog(TextWriter.Null));
        var questions = repositories.Select(r => new TagQuestion($"{r.Name}:1.0.0", "semver:^1.0")).ToList();

        var cold = await lookup.ReadAsync(questions, [], Rejections.None);
        var coldRequests = Interlocked.Exchange(ref _answered, 0);
        var cacheFile = Path.Combine(options.ResolvedCacheDirectory, "registry-cache.json");
        var written = File.GetLastWriteTimeUtc(cacheFile);
        await Task.Delay(20);
        var warm = await lookup.ReadAsync(questions, [], Rejections.None);

        Assert.All(repositories, r => Assert.Equal("1.7.0", Assert.Single(cold.TagsOf(r.Name)!).Tag));
        Assert.All(repositories, r => Assert.Equal("1.7.0", Assert.Single(warm.TagsOf(r.Name)!).Tag));
        Assert.Equal(2 * Repositories, coldRequests);
        Assert.Equal(Repositories, _answered);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cacheFile));
    }
}
