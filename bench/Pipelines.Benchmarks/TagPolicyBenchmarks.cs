using BenchmarkDotNet.Attributes;
using Pipelines.Images;

namespace Pipelines.Benchmarks;

/// <summary>Choosing the newest image among 1,000 tags, as the release manager does per workload and scan.</summary>
[MemoryDiagnoser]
public class TagPolicyBenchmarks
{
    TaggedImage[] _images = [];
    TagPolicy _glob = TagPolicy.All;
    TagPolicy _semver = TagPolicy.All;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _images = Enumerable.Range(0, 1000)
            .Select(i => new TaggedImage(i % 2 == 0 ? $"1.{i / 100}.{i % 100}" : $"master-{i:x7}", Digest.Sha256(BitConverter.GetBytes(i)), start.AddMinutes(i), new Dictionary<string, string>()))
            .ToArray();
        _glob = TagPolicy.Parse("glob:master-*");
        _semver = TagPolicy.Parse("semver:^1.2.0");
    }

    [Benchmark]
    public TaggedImage? NewestByGlob() => _glob.Newest(_images);

    [Benchmark]
    public TaggedImage? NewestBySemver() => _semver.Newest(_images);

    [Benchmark]
    public ImageReference ParseReference() => ImageReference.Parse("registry.example.com:5000/team/front-end:master-7f511af");
}
