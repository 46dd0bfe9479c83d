namespace Pipelines.Targets.Output;

/// <summary>
/// Two-column help rows (<c>--name &lt;value&gt;   what it does</c>) that fit a terminal: the right column is wrapped at
/// word boundaries under itself; when the left column would leave the text less than a third of the width, the text goes on
/// the lines below, indented. Colour is applied after measuring, so escape codes never count as columns.
/// </summary>
internal static class HelpColumns
{
    private const int Indent = 2;

    /// <param name="leftWidth">The left column's width (null: the widest left text, plus two), so that several tables line up.</param>
    public static IEnumerable<string> Render(IReadOnlyList<(string Left, string Right)> rows, int width, Func<string, string> styleLeft, int? leftWidth = null)
    {
        return rows.Count == 0 ? [] : RenderRows(rows, width, styleLeft, leftWidth ?? rows.Max(r => r.Left.Length) + 2);
    }

    private static IEnumerable<string> RenderRows(IReadOnlyList<(string Left, string Right)> rows, int width, Func<string, string> styleLeft, int leftWidth)
    {
        var besideFits = width - Indent - leftWidth >= width / 3;
        foreach (var (left, right) in rows)
        {
            if (besideFits)
            {
                var lines = Wrap(right, width - Indent - leftWidth);
                yield return ("  " + styleLeft(left.PadRight(leftWidth)) + lines[0]).TrimEnd();
                foreach (var line in lines.Skip(1)) yield return new string(' ', Indent + leftWidth) + line;
            }
            else
            {
                yield return "  " + styleLeft(left);
                foreach (var line in Wrap(right, width - 3 * Indent)) yield return new string(' ', 3 * Indent) + line;
            }
        }
    }

    /// <summary>Text wrapped into lines of at most <paramref name="width"/> columns; a word longer than that (a URL) gets a line of its own.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        width = Math.Max(width, 10);
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }

    /// <summary>Paragraph text (a target's description) wrapped with an indent.</summary>
    public static IEnumerable<string> Paragraph(string text, int width, int indent = 0) =>
        Wrap(text, width - indent).Select(line => (new string(' ', indent) + line).TrimEnd());
}
