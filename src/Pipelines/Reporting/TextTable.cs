namespace Pipelines.Reporting;

/// <summary>Columns padded to their widest cell, two spaces apart, as kubectl prints tables.</summary>
public static class TextTable
{
    public static IEnumerable<string> Format(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) yield break;
        var widths = Enumerable.Range(0, rows[0].Length).Select(col => rows.Max(r => r[col].Length)).ToArray();
        foreach (var row in rows) yield return string.Join("  ", row.Select((cell, col) => cell.PadRight(widths[col]))).TrimEnd();
    }
}
