using Pipelines.Images;

namespace Pipelines.Tests.Images;

/// <summary>The orderings Flux's ImagePolicy and Argo CD Image Updater offer besides build time and semver: numerical and
/// alphabetical, over the whole tag or a part a pattern extracts; and one moving tag followed by digest.</summary>
public sealed class OrderingTagPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TaggedImage Image(string tag, int hours = 0, bool moves = false) =>
        new(tag, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(tag)), T0.AddHours(hours), new Dictionary<string, string>(), moves);

    private static string[] Tags(string filter, params TaggedImage[] images) => TagPolicy.Parse(filter).Select(images).Select(i => i.Tag).ToArray();

    [Fact]
    public void Numerical_asc_picks_the_highest_number_whatever_was_built_last_and_desc_the_lowest()
    {
        TaggedImage[] images = [Image("9", 3), Image("10", 1), Image("2.5", 2), Image("abc", 4), Image("latest", 5, moves: true)];
        Assert.Equal(["10", "9", "2.5"], Tags("numerical:asc", images));
        Assert.Equal(["2.5", "9", "10"], Tags("numerical:desc", images));
    }

    [Fact]
    public void Alphabetical_asc_picks_the_last_name_in_byte_order_and_desc_the_first()
    {
        TaggedImage[] images = [Image("RELEASE.2024-01-10", 1), Image("RELEASE.2024-03-01", 0), Image("RELEASE.2023-12-31", 2)];
        Assert.Equal(["RELEASE.2024-03-01", "RELEASE.2024-01-10", "RELEASE.2023-12-31"], Tags("alphabetical:asc", images));
        Assert.Equal("RELEASE.2023-12-31", Tags("alphabetical:desc", images)[0]);
    }

    [Fact]
    public void A_pattern_filters_tags_and_extract_gives_the_part_the_order_compares_in_flux_spelling()
    {
        TaggedImage[] images = [Image("main-7f511af-1712345678", 1), Image("main-0c1a2b3-1712349999", 0), Image("dev-1a2b3c4-1800000000", 2), Image("main-broken", 3)];
        Assert.Equal(["main-0c1a2b3-1712349999", "main-7f511af-1712345678"], Tags(@"numerical:asc regex:^main-[a-f0-9]+-(?P<ts>[0-9]+) extract:$ts", images));
        Assert.Equal(["v1.10.0-build", "v1.9.0-build"],
            Tags(@"semver:>=1.0.0 regex:^v(?<version>[0-9.]+)-build$ extract:${version}", Image("v1.9.0-build", 9), Image("v1.10.0-build", 1), Image("v2-x", 3)));
    }

    [Fact]
    public void An_extract_naming_a_group_the_pattern_lacks_and_an_unknown_order_are_refused_saying_what_to_write()
    {
        var group = Assert.Throws<TagPolicyException>(() => TagPolicy.Parse(@"numerical:asc regex:^main-(?<ts>\d+)$ extract:$stamp"));
        Assert.Contains("extract names the group 'stamp', which the pattern does not have", group.Message);
        var order = Assert.Throws<TagPolicyException>(() => TagPolicy.Parse("alphabetical:up"));
        Assert.Contains("'up' is not an order; write alphabetical:asc (the highest wins) or :desc (the lowest wins)", order.Message);
    }

    [Fact]
    public void Digest_follows_only_its_tag_even_when_it_moves()
    {
        var policy = TagPolicy.Parse("digest:alpine");
        Assert.True(policy.FollowsDigest);
        Assert.Equal(["alpine"], Tags("digest:alpine", Image("alpine", 1, moves: true), Image("7.2", 2), Image("latest", 3, moves: true)));
        Assert.Equal(["latest"], Tags("digest:latest", Image("alpine", 1, moves: true), Image("latest", 3, moves: true)));
        Assert.False(TagPolicy.Parse("glob:*").FollowsDigest);
    }
}
