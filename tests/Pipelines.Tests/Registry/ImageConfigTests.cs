using System.Text;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class ImageConfigTests
{
    static ImageConfig Parse(string json) => ImageConfig.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Created_comes_from_the_config()
    {
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), Parse("""{"created":"2025-01-02T03:04:05.123Z"}""").Created!.Value.AddMilliseconds(-123));
    }

    [Fact]
    public void The_created_label_wins_over_the_config_field()
    {
        var config = Parse("""{"created":"2025-01-02T03:04:05Z","config":{"Labels":{"org.opencontainers.image.created":"2024-12-24T18:00:00+01:00","team":"shop"}}}""");

        Assert.Equal(new DateTimeOffset(2024, 12, 24, 17, 0, 0, TimeSpan.Zero), config.Created);
        Assert.Equal("shop", config.Labels["team"]);
    }

    [Fact]
    public void An_unparseable_label_falls_back_to_the_config_field()
    {
        Assert.Equal(2025, Parse("""{"created":"2025-01-02T03:04:05Z","config":{"Labels":{"org.opencontainers.image.created":"yesterday"}}}""").Created!.Value.Year);
    }

    [Fact]
    public void Epoch_and_missing_times_are_unknown()
    {
        Assert.Null(Parse("""{"created":"1970-01-01T00:00:00Z"}""").Created);
        Assert.Null(Parse("""{"config":{"Labels":null}}""").Created);
    }

    [Fact]
    public void A_config_that_is_not_JSON_is_a_format_error()
    {
        Assert.Contains("not JSON", Assert.Throws<FormatException>(() => Parse("<html>")).Message);
    }
}
