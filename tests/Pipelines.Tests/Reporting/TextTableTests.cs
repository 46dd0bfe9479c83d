using Pipelines.Reporting;

namespace Pipelines.Tests.Reporting;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_are_as_wide_as_their_widest_cell_two_spaces_apart_with_no_trailing_spaces()
    {
        string[][] rows = [["NAME", "IMAGE", "NOTE"], ["front-end", "shop/front-end:1", ""], ["db", "mongo:7", "pinned"]];

        Assert.Equal(
            ["NAME       IMAGE             NOTE", "front-end  shop/front-end:1", "db         mongo:7           pinned"],
            TextTable.Format(rows));
    }

    [Fact]
    public void A_column_may_align_right_and_keep_a_least_width()
    {
        string[][] rows = [["a", "1.0 s", "x"], ["bb", "12.5 s", "y"]];

        Assert.Equal(
            ["a    1.0 s  x", "bb  12.5 s  y"],
            TextTable.Format(rows, new TextTable.Column(), new TextTable.Column(MinWidth: 6, AlignRight: true)));
        Assert.Equal(["a  DIGEST"], TextTable.Format([["a", "DIGEST"]]));
        Assert.Equal(["a  DIGEST"], TextTable.Format([["a", "DIGEST      "]]));
        Assert.Equal(["a  DIGEST        x"], TextTable.Format([["a", "DIGEST", "x"]], new TextTable.Column(), new TextTable.Column(MinWidth: 12)));
    }

    [Fact]
    public void No_rows_no_lines() => Assert.Empty(TextTable.Format([]));
}
