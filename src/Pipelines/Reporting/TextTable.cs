namespace Pipelines.Reporting;

/// <summary>
/// The one table renderer of the product (ListServices, release reports, History, ListImages, the demo's summary): columns
/// padded to their widest cell, two spaces apart, trailing spaces trimmed, as kubectl prints tables.
/// </summary>
public static class TextTable
{
    /// <summary>How a column is laid out: at least <paramref name="MinWidth"/> wide, and aligned right (numbers) or left.</summary>
    public readonly record struct Column(int MinWidth = 0, bool AlignRight = false);

    /// <param name="rows">The rows, the header (if any) first; every row has a cell per column.</param>
    /// <param name="columns">The layout of the first columns; a column not given is left-aligned at its widest cell.</param>
    public static IEnumerable<string> Format(IReadOnlyList<string[]> rows, params IReadOnlyList<Column> columns)
    {
        if (rows.Count == 0) yield break;
        var layout = Enumerable.Range(0, rows[0].Length).Select(col => col < columns.Count ? columns[col] : new Column()).ToArray();
        var widths = layout.Select((column, col) => Math.Max(column.MinWidth, rows.Max(r => r[col].Length))).ToArray();
        foreach (var row in rows)
        {
            yield return string.Join("  ", row.Select((cell, col) => layout[col].AlignRight ? cell.PadLeft(widths[col]) : cell.PadRight(widths[col]))).TrimEnd();
        }
    }
}
