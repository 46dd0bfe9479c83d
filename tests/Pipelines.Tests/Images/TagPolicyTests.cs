using Pipelines.Images;

namespace Pipelines.Tests.Images;

public sealed class TagPolicyTests
{
    static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly Digest D = Digest.Sha256([1]);

    static TaggedImage Image(string tag, int hours = 0, bool moves = false, bool undated = false) =>
        new(tag, D, undated ? null : T0.AddHours(hours), new Dictionary<string, string>(), moves);

    static string[] Tags(string filter, params TaggedImage[] images) =>
        TagPolicy.Parse(filter).Select(images).Select(i => i.Tag).ToArray();

    [Fact]
    public void Glob_matches_the_whole_tag_and_orders_newest_first()
    {
        Assert.Equal(["master-c", "master-a", "master-b"],
            Tags("glob:master-*", Image("master-a", 2), Image("master-b", 1), Image("master-c", 3), Image("dev-d", 4), Image("xmaster-e", 5)));
    }

    [Fact]
    public void Glob_question_mark_matches_one_character()
    {
        Assert.Equal(["v1"], Tags("glob:v?", Image("v1"), Image("v10")));
    }

    [Fact]
    public void A_filter_without_a_kind_is_a_glob()
    {
        Assert.IsType<GlobTagPolicy>(TagPolicy.Parse("master-*"));
    }

    [Fact]
    public void Tag_name_breaks_ties_in_build_time_and_undated_images_come_last()
    {
        Assert.Equal(["b", "a", "undated"], Tags("glob:*", Image("a", 1), Image("undated", undated: true), Image("b", 1)));
    }

    [Fact]
    public void Regex_searches_the_tag()
    {
        Assert.Equal(["v2", "v1"], Tags(@"regex:^v\d+$", Image("v1", 1), Image("v2", 2), Image("v2-rc", 3)));
    }

    [Fact]
    public void A_regex_that_does_not_parse_is_reported_with_the_filter()
    {
        var error = Assert.Throws<TagPolicyException>(() => TagPolicy.Parse("regex:^(v"));

        Assert.Contains("regex:^(v", error.Message);
    }

    [Fact]
    public void Semver_orders_by_version_not_by_build_time()
    {
        Assert.Equal(["1.10.0", "v1.9.1", "1.2.0"],
            Tags("semver:^1.0.0", Image("1.2.0", 9), Image("1.10.0", 1), Image("v1.9.1", 5), Image("2.0.0", 10), Image("latest", 11), Image("1.9", 12)));
    }

    [Fact]
    public void Semver_tilde_range_keeps_the_minor_version()
    {
        Assert.Equal(["1.2.9", "1.2.0"], Tags("semver:~1.2", Image("1.2.0"), Image("1.2.9"), Image("1.3.0")));
    }

    [Fact]
    public void Semver_leaves_out_pre_releases_unless_the_range_asks_for_them()
    {
        TaggedImage[] images = [Image("1.3.0-rc.1"), Image("1.2.0"), Image("1.3.0-rc.2")];

        Assert.Equal(["1.2.0"], Tags("semver:^1.0.0", images));
        Assert.Equal(["1.3.0-rc.2", "1.3.0-rc.1"], Tags("semver:>=1.3.0-rc.1", images));
    }

    [Fact]
    public void A_semver_range_that_does_not_parse_says_how_to_write_one()
    {
        var error = Assert.Throws<TagPolicyException>(() => TagPolicy.Parse("semver:not a range"));

        Assert.Contains("semver:~1.2", error.Message);
    }

    [Fact]
    public void An_unknown_kind_lists_the_kinds()
    {
        var error = Assert.Throws<TagPolicyException>(() => TagPolicy.Parse("prefix:v"));

        Assert.Contains("glob:<pattern>, regex:<pattern>, semver:<range>, numerical:asc|desc, alphabetical:asc|desc", error.Message);
        Assert.Contains("or digest:<tag>", error.Message);
    }

    [Fact]
    public void Latest_and_moving_tags_are_chosen_only_by_filters_that_name_them()
    {
        TaggedImage[] images = [Image("latest", 10), Image("master", 9, moves: true), Image("1.0.0", 1)];

        Assert.Equal(["1.0.0"], Tags("glob:*", images));
        Assert.Equal(["1.0.0"], Tags("regex:.*", images));
        Assert.Equal(["latest"], Tags("glob:latest", images));
        Assert.Equal(["master"], Tags("regex:^master$", images));
        Assert.Equal(["master", "1.0.0"], Tags(@"regex:^(master|1\.0\.0)$", images));
    }

    [Fact]
    public void Newest_is_the_first_allowed_image_or_null()
    {
        Assert.Equal("b", TagPolicy.All.Newest([Image("a", 1), Image("b", 2)])!.Tag);
        Assert.Null(TagPolicy.Parse("glob:x*").Newest([Image("a", 1)]));
    }
}
