using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class ImageCacheTests
{
    static readonly Digest Image = Digest.Sha256([1]);
    static readonly Digest Index = Digest.Sha256([2]);
    readonly string _directory = Directory.CreateTempSubdirectory("pipelines-cache-test").FullName;

    [Fact]
    public void Image_facts_are_read_back_by_the_next_run_after_a_flush()
    {
        var first = new ImageCache(_directory);
        first.SaveImage(Image, new ImageConfig(DateTimeOffset.UnixEpoch.AddDays(1), new Dictionary<string, string> { ["a"] = "b" }));
        first.SavePlatformImage(Index, Platform.Parse("linux/arm64"), Image);
        first.Flush();

        var next = new ImageCache(_directory);

        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), next.FindImage(Image)!.Created);
        Assert.Equal("b", next.FindImage(Image)!.Labels["a"]);
        Assert.Equal(Image, next.FindPlatformImage(Index, Platform.Parse("linux/arm64")));
        Assert.Null(next.FindPlatformImage(Index, Platform.LinuxAmd64));
    }

    [Fact]
    public void A_torn_line_is_skipped_and_the_rest_is_kept()
    {
        var first = new ImageCache(_directory);
        first.SaveImage(Image, new ImageConfig(null, new Dictionary<string, string>()));
        first.Flush();
        File.AppendAllText(Path.Combine(_directory, "images.jsonl"), "{\"digest\":\"sha256:ab");

        var next = new ImageCache(_directory);

        Assert.NotNull(next.FindImage(Image));
        Assert.Null(next.FindImage(Index));
    }

    [Fact]
    public void Tag_records_round_trip_per_repository()
    {
        var cache = new ImageCache(_directory);
        var repository = ImageReference.Parse("localhost:5000/team/app");
        var record = new TagRecord(Image.ToString(), DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(10), Moves: true);

        cache.SaveTags(repository, new Dictionary<string, TagRecord> { ["1.0"] = record });

        Assert.Equal(record, new ImageCache(_directory).LoadTags(repository)["1.0"]);
        Assert.Empty(new ImageCache(_directory).LoadTags(ImageReference.Parse("localhost:5000/team/other")));
    }
}
