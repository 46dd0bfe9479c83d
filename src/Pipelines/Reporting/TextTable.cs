namespace Pipelines.Reporting;

/// <summary>
/// The one table renderer of the product (ListServices, release reports, History, ListImages, the demo's summary): columns
/// padded to their widest cell, two spaces apart, trailing spaces trimmed, as kubectl prints tables — and, given a width,
/// fitted to it (<see cref="TableFit"/>): the widest columns are narrowed first and their cells cut with "…", the last
/// column wraps instead, since it holds the prose (a reason, a policy) that must not be lost.
/// </summary>
public static class TextTable
{
    /// <summary>No width to fit (<c>-o wide</c>, a file).</summary>
    public const int Unlimited = int.MaxValue;

    /// <summary>How a column is laid out: at least <paramref name="MinWidth"/> wide, aligned right (numbers) or left, and when
    /// narrowed, cut at the start (<paramref name="KeepEnd"/>: an image reference keeps its tag) or at the end — or never
    /// (<paramref name="Whole"/>: an id a reader copies, such as a release id, is useless cut).</summary>
    public readonly record struct Column(int MinWidth = 0, bool AlignRight = false, bool KeepEnd = false, bool Whole = false);

    /// <param name="rows">The rows, the header (if any) first; every row has a cell per column.</param>
    /// <param name="columns">The layout of the first columns; a column not given is left-aligned at its widest cell.</param>
    public static IEnumerable<string> Format(IReadOnlyList<string[]> rows, params IReadOnlyList<Column> columns) => Format(rows, Unlimited, columns);

    /// <param name="width">The widest a line may be; <see cref="Unlimited"/> for no limit.</param>
    public static IEnumerable<string> Format(IReadOnlyList<string[]> rows, int width, params IReadOnlyList<Column> columns)
    {
        if (rows.Count == 0) yield break;
        var count = rows[0].Length;
        var layout = Enumerable.Range(0, count).Select(col => col < columns.Count ? columns[col] : new Column()).ToArray();
        var natural = layout.Select((column, col) => Math.Max(column.MinWidth, rows.Max(r => r[col].Length))).ToArray();
        var floors = layout.Select((column, col) => column.Whole ? natural[col] : TableFit.Floor(natural[col], rows[0][col].Length, column.MinWidth, last: col == count - 1)).ToArray();
        var widths = TableFit.Widths(natural, floors, width);
        foreach (var row in rows)
        {
            var last = TableFit.Wrap(row[count - 1], widths[count - 1]);
            var cells = row.Take(count - 1).Select((cell, col) =>
            {
                var cut = TableFit.Cut(cell, widths[col], layout[col].KeepEnd);
                return layout[col].AlignRight ? cut.PadLeft(widths[col]) : cut.PadRight(widths[col]);
            }).ToList();
            var lastCell = layout[count - 1].AlignRight ? last[0].PadLeft(widths[count - 1]) : last[0];
            yield return string.Join("  ", cells.Append(lastCell)).TrimEnd();
            // The last column's further lines start under it.
            var indent = new string(' ', widths.Take(count - 1).Sum() + 2 * (count - 1));
            foreach (var more in last.Skip(1)) yield return (indent + more).TrimEnd();
        }
    }
}
