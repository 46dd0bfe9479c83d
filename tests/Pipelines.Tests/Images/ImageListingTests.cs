using Pipelines.Tests.Documents;
using Pipelines.Images;

namespace Pipelines.Tests.Images;

public sealed class ImageListingTests
{
    static readonly Digest D1 = Digest.Parse("sha256:" + new string('a', 64));
    static readonly Digest D2 = Digest.Parse("sha256:" + new string('b', 64));

    static readonly TaggedImage[] Images =
    [
        new("1.1.0", D1, new DateTimeOffset(2025, 3, 2, 10, 0, 0, TimeSpan.FromHours(2)), new Dictionary<string, string>()),
        new("a-much-longer-tag", D2, null, new Dictionary<string, string>()),
    ];

    [Fact]
    public void Text_is_a_table_of_tag_short_digest_and_UTC_created_time()
    {
        var writer = new StringWriter { NewLine = "\n" };

        ImageListing.WriteText(Images, writer);

        Assert.Equal("""
            TAG                DIGEST        CREATED
            1.1.0              aaaaaaaaaaaa  2025-03-02T08:00:00Z
            a-much-longer-tag  bbbbbbbbbbbb  -

            """.Replace("\r\n", "\n"), writer.ToString());
    }

    [Fact]
    public void Json_is_an_image_list_of_tag_digest_and_created()
    {
        var writer = new StringWriter();

        ImageListing.WriteJson("registry.test/shop/web", Images, writer);

        Schemas.AssertConforms(writer.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(writer.ToString());
        Assert.Equal("ImageList", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("registry.test/shop/web", json.RootElement.GetProperty("repository").GetString());
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("1.1.0", items[0].GetProperty("tag").GetString());
        Assert.Equal(D1.ToString(), items[0].GetProperty("digest").GetString());
        Assert.Equal("2025-03-02T08:00:00Z", items[0].GetProperty("created").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[1].GetProperty("created").ValueKind);
    }
}
