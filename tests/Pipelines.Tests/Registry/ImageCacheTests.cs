using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class ImageCacheTests
{
    static readonly Digest Image = Digest.Sha256([1]);
    static readonly Digest Index = Digest.Sha256([2]);
    static readonly ImageReference App = ImageReference.Parse("localhost:5000/team/app");
    readonly string _directory = Directory.CreateTempSubdirectory("pipelines-cache-test").FullName;

    static TagRecord Record(Digest digest) => new(digest.ToString(), DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(10), Moves: true);

    [Fact]
    public async Task Image_facts_and_tag_records_are_read_back_by_the_next_run_after_a_save()
    {
        var first = new ImageCache(_directory);
        first.SaveTag(App, "1.0", Record(Index));
        first.SaveImage(Image, new ImageConfig(DateTimeOffset.UnixEpoch.AddDays(1).AddTicks(7), new Dictionary<string, string> { ["a"] = "b" }));
        first.SavePlatformImage(Index, Platform.Parse("linux/arm64"), Image);
        await first.SaveAsync();

        var next = new ImageCache(_directory);

        Assert.Equal(Record(Index), next.FindTag(App, "1.0"));
        Assert.Null(next.FindTag(ImageReference.Parse("localhost:5000/team/other"), "1.0"));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1).AddTicks(7), next.FindImage(Image)!.Created);
        Assert.Equal("b", next.FindImage(Image)!.Labels["a"]);
        Assert.Equal(Image, next.FindPlatformImage(Index, Platform.Parse("linux/arm64")));
        Assert.Null(next.FindPlatformImage(Index, Platform.LinuxAmd64));
    }

    [Fact]
    public async Task A_file_that_does_not_parse_is_an_empty_cache_and_is_replaced_by_the_next_save()
    {
        File.WriteAllText(Path.Combine(_directory, "registry-cache.json"), "{\"V\":1,\"T\":{\"x\":");
        var cache = new ImageCache(_directory);

        Assert.Null(cache.FindImage(Image));
        cache.SaveTag(App, "1.0", Record(Image));
        cache.SaveImage(Image, new ImageConfig(null, new Dictionary<string, string>()));
        await cache.SaveAsync();

        Assert.NotNull(new ImageCache(_directory).FindImage(Image));
    }

    [Fact]
    public async Task Two_runs_saving_at_once_keep_what_each_learnt()
    {
        var runs = Enumerable.Range(0, 8).Select(i =>
        {
            var cache = new ImageCache(_directory);
            var digest = Digest.Sha256([(byte)(10 + i)]);
            cache.SaveTag(App, $"1.{i}", Record(digest));
            cache.SaveImage(digest, new ImageConfig(DateTimeOffset.UnixEpoch.AddDays(i), new Dictionary<string, string>()));
            return cache;
        }).ToList();

        await Task.WhenAll(runs.Select(r => Task.Run(() => r.SaveAsync())));

        var next = new ImageCache(_directory);
        for (var i = 0; i < 8; i++)
        {
            Assert.NotNull(next.FindTag(App, $"1.{i}"));
            Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(i), next.FindImage(Digest.Sha256([(byte)(10 + i)]))!.Created);
        }
    }

    [Fact]
    public async Task Deleted_tags_are_forgotten_and_image_facts_no_tag_reaches_are_dropped()
    {
        var first = new ImageCache(_directory);
        first.SaveTag(App, "1.0", Record(Image));
        first.SaveTag(App, "1.1", Record(Index));
        first.SaveImage(Image, new ImageConfig(null, new Dictionary<string, string>()));
        first.SaveImage(Index, new ImageConfig(null, new Dictionary<string, string>()));
        await first.SaveAsync();

        var second = new ImageCache(_directory);
        second.KeepTags(App, ["1.1"]);
        await second.SaveAsync();

        var next = new ImageCache(_directory);
        Assert.Null(next.FindTag(App, "1.0"));
        Assert.Null(next.FindImage(Image));
        Assert.NotNull(next.FindImage(Index));
    }

    [Fact]
    public async Task The_layout_of_earlier_versions_is_removed_by_the_first_save()
    {
        File.WriteAllText(Path.Combine(_directory, "images.jsonl"), "{}\n");
        Directory.CreateDirectory(Path.Combine(_directory, "tags", "localhost_5000", "team", "app"));
        File.WriteAllText(Path.Combine(_directory, "tags", "localhost_5000", "team", "app", "tags.json"), "{}");
        var cache = new ImageCache(_directory);
        cache.SaveTag(App, "1.0", Record(Image));

        await cache.SaveAsync();

        Assert.False(File.Exists(Path.Combine(_directory, "images.jsonl")));
        Assert.False(Directory.Exists(Path.Combine(_directory, "tags")));
    }
}
