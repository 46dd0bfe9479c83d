using Pipelines.Docker;

namespace Pipelines.Tests.Docker;

public sealed class DockerIgnoreTests
{
    static DockerIgnore Rules(params string[] lines) => DockerIgnore.Parse(lines);

    [Theory]
    [InlineData("secret.env", true)]
    [InlineData("config/prod.env", false)] // '*' stays within one folder, as in Docker
    [InlineData("app.txt", false)]
    public void A_star_matches_within_the_root_folder(string path, bool excluded) =>
        Assert.Equal(excluded, Rules("*.env").Excludes(path));

    [Theory]
    [InlineData("config/prod.env", true)]
    [InlineData("a/b/c/x.env", true)]
    [InlineData("x.env", true)]
    public void Double_star_matches_any_number_of_folders(string path, bool excluded) =>
        Assert.Equal(excluded, Rules("**/*.env").Excludes(path));

    [Fact]
    public void A_folder_pattern_excludes_everything_under_it() =>
        Assert.True(Rules("logs").Excludes("logs/2024/old.log"));

    [Fact]
    public void The_last_matching_line_wins_so_an_exception_re_includes()
    {
        var rules = Rules("logs", "!logs/keep.log");
        Assert.True(rules.Excludes("logs/old.log"));
        Assert.False(rules.Excludes("logs/keep.log"));
        Assert.True(rules.HasExceptions);
    }

    [Fact]
    public void Comments_blank_lines_and_leading_slashes_are_ignored() =>
        Assert.True(Rules("# comment", "", "/build/./out").Excludes("build/out/app.dll"));

    [Fact]
    public void Question_marks_and_classes_match_one_character()
    {
        var rules = Rules("file?.txt", "[ab].md");
        Assert.True(rules.Excludes("file1.txt"));
        Assert.False(rules.Excludes("file10.txt"));
        Assert.True(rules.Excludes("a.md"));
        Assert.False(rules.Excludes("c.md"));
    }
}
