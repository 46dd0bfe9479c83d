using CsCheck;
using Pipelines.Reporting;

namespace Pipelines.Tests.Reporting;

/// <summary>
/// Tables fit the terminal: whatever the cells and the width, no line is wider than the width when the table can be made
/// to fit, headers stay whole, the last column (the prose: a reason, a policy, a cause) loses no word, and without a width
/// nothing changes. A failure prints a CsCheck seed to replay.
/// </summary>
public sealed class TextTableFitTests
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char['a', 'z'], 1, 14];
    private static readonly Gen<string> Cell = Gen.Frequency((1, Gen.Const("")), (6, Word.Array[1, 6].Select(words => string.Join(" ", words))));

    private static readonly Gen<(string[][] Rows, int Width)> AnyTable =
        from columns in Gen.Int[1, 6]
        from header in Gen.String[Gen.Char['A', 'Z'], 1, 9].Array[columns]
        from body in Cell.Array[columns].Array[0, 8]
        from width in Gen.Int[40, 160]
        select (body.Prepend(header).ToArray(), width);

    [Fact]
    public void Every_line_fits_when_the_table_can_fit_headers_stay_whole_and_the_last_column_loses_no_word()
    {
        AnyTable.Sample(table =>
        {
            var (rows, width) = table;
            var lines = TextTable.Format(rows, width).ToList();
            var columns = rows[0].Length;
            // The narrowest the table can be: each column at its header or the shortest cut (10), the last one at 24 for wrapping.
            var narrowest = Enumerable.Range(0, columns).Sum(col =>
                Math.Min(rows.Max(r => r[col].Length), Math.Max(rows[0][col].Length, col == columns - 1 ? 24 : 10))) + 2 * (columns - 1);
            if (narrowest <= width) Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
            Assert.All(rows[0].SkipLast(1), header => Assert.Contains(header, lines[0]));
            var lastWords = rows.SelectMany(r => r[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.All(lastWords, word => Assert.Contains(lines, line => line.Contains(word) || WordBrokenAcrossLines(lines, word)));
        }, iter: 500);
    }

    // A word longer than the last column is broken where it must be; its pieces are on consecutive lines.
    private static bool WordBrokenAcrossLines(List<string> lines, string word) =>
        string.Concat(lines.Select(l => l.Trim().Split(' ').Last())).Contains(word, StringComparison.Ordinal)
        || string.Concat(lines.Select(l => l.Trim())).Replace(" ", "").Contains(word, StringComparison.Ordinal);

    [Fact]
    public void Without_a_width_no_cell_is_cut()
    {
        AnyTable.Sample(table =>
        {
            var lines = TextTable.Format(table.Rows).ToList();
            Assert.Equal(table.Rows.Length, lines.Count);
            Assert.DoesNotContain(lines, line => line.Contains('…'));
        }, iter: 200);
    }

    [Fact]
    public void The_widest_column_gives_way_first_and_an_image_column_keeps_its_tag()
    {
        string[][] rows =
        [
            ["WORKLOAD", "IMAGE", "READY"],
            ["sock-shop:deployment/front-end", "registry.example.com/weaveworksdemos/front-end-with-a-long-name:0.3.13", "1/1"],
        ];

        var lines = TextTable.Format(rows, 80, new TextTable.Column(), new TextTable.Column(KeepEnd: true)).ToList();

        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
        Assert.Contains("sock-shop:deployment/front-end", lines[1]);   // the narrower column is left whole
        Assert.Contains("…", lines[1]);
        Assert.Contains("front-end-with-a-long-name:0.3.13", lines[1]);
    }

    [Fact]
    public void The_last_column_wraps_under_itself_instead_of_being_cut()
    {
        string[][] rows = [["WORKLOAD", "STATUS", "REASON"], ["shop:deployment/carts", "failed", "rollout failed: pod carts-7d9 is in ImagePullBackOff: image not found"]];

        var lines = TextTable.Format(rows, 60).ToList();

        Assert.True(lines.Count > 2, string.Join("\n", lines));
        Assert.All(lines, line => Assert.True(line.Length <= 60, line));
        var indent = new string(' ', "shop:deployment/carts  failed  ".Length);
        Assert.StartsWith("shop:deployment/carts  failed  rollout failed:", lines[1]);
        Assert.All(lines.Skip(2), line => Assert.StartsWith(indent, line));
        Assert.Equal(rows[1][2], string.Join(" ", lines.Skip(1).Select(l => l.Length > indent.Length ? l[indent.Length..] : "")));
    }
}
