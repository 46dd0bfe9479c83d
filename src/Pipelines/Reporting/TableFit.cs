namespace Pipelines.Reporting;

/// <summary>How a table fits a width: pure arithmetic on column widths and cell text, for <see cref="TextTable"/>.</summary>
internal static class TableFit
{
    /// <summary>Narrower than this a cut cell says too little; a column narrower by nature stays as it is. Small enough that
    /// seven columns fit 80 terminal columns.</summary>
    internal const int ShortestCut = 6;

    /// <summary>The last column wraps; it keeps at least this much of the line so that wrapped prose stays readable.</summary>
    internal const int ShortestWrap = 16;

    /// <summary>How narrow a column may become: its header stays whole, and so does a column no wider than the shortest cut.</summary>
    public static int Floor(int natural, int header, int minWidth, bool last) =>
        Math.Min(natural, Math.Max(Math.Max(header, minWidth), last ? ComfortableWrap : ShortestCut));

    /// <summary>The last column gives way first, since it wraps and loses nothing, but only down to this: narrower, its prose
    /// becomes a column of single words.</summary>
    internal const int ComfortableWrap = 24;

    /// <summary>
    /// The widths that fit <paramref name="width"/> (two spaces between columns): the last column is narrowed first, down to a
    /// comfortable width, then the widest column one character at a time, never below its floor, until the table fits or no
    /// column can give more — then it is as narrow as it can be.
    /// </summary>
    public static int[] Widths(IReadOnlyList<int> natural, IReadOnlyList<int> floors, int width)
    {
        var widths = natural.ToArray();
        if (width == TextTable.Unlimited) return widths;
        var total = widths.Sum() + 2 * (widths.Length - 1);
        var last = widths.Length - 1;
        var give = Math.Min(total - width, widths[last] - Math.Max(floors[last], Math.Min(natural[last], ComfortableWrap)));
        if (give > 0)
        {
            widths[last] -= give;
            total -= give;
        }
        while (total > width)
        {
            var widest = -1;
            for (var col = 0; col < widths.Length; col++)
            {
                if (widths[col] > floors[col] && (widest < 0 || widths[col] > widths[widest])) widest = col;
            }
            if (widest < 0) break;
            widths[widest]--;
            total--;
        }
        return widths;
    }

    /// <summary>The cell cut to the width with "…" where text was left out: at the start to keep the end (an image's tag), else at the end.</summary>
    public static string Cut(string cell, int width, bool keepEnd)
    {
        if (cell.Length <= width) return cell;
        if (width <= 1) return "…";
        return keepEnd ? "…" + cell[^(width - 1)..] : cell[..(width - 1)] + "…";
    }

    /// <summary>The cell in lines no wider than the width, broken at spaces (a word longer than the width is broken where it must).</summary>
    public static IReadOnlyList<string> Wrap(string cell, int width)
    {
        if (cell.Length <= width || width <= 0) return [cell];
        var lines = new List<string>();
        var rest = cell;
        while (rest.Length > width)
        {
            var space = rest.LastIndexOf(' ', width);
            var at = space > 0 ? space : width;
            lines.Add(rest[..at].TrimEnd());
            rest = rest[at..].TrimStart();
        }
        if (rest.Length > 0) lines.Add(rest);
        return lines;
    }
}
