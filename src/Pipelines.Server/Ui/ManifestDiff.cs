namespace Pipelines.Server.Ui;

/// <summary>One line of a diff: <c>' '</c> context, <c>'-'</c> removed, <c>'+'</c> added, <c>'@'</c> a hunk header.</summary>
public sealed record DiffLine(char Kind, string Text);

/// <summary>
/// A unified line diff of a manifest before and after a planned commit (pure), for the preview of an action. Releases edit
/// values in place, so the changed part is small: the common head and tail are cut first and only the middle is compared
/// (longest common subsequence), with three lines of context.
/// </summary>
public static class ManifestDiff
{
    private const int Context = 3;

    public static IReadOnlyList<DiffLine> Of(string? before, string? after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;
        var all = new List<DiffLine>();
        for (var i = 0; i < head; i++) all.Add(new DiffLine(' ', a[i]));
        all.AddRange(Middle(a[head..^tail], b[head..^tail]));
        for (var i = a.Length - tail; i < a.Length; i++) all.Add(new DiffLine(' ', a[i]));
        return Hunks(all);
    }

    private static string[] Lines(string? text) => string.IsNullOrEmpty(text) ? [] : text.TrimEnd('\n').Split('\n');

    private static IEnumerable<DiffLine> Middle(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        for (var j = b.Length - 1; j >= 0; j--)
            lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                yield return new DiffLine(' ', a[x++]);
                y++;
            }
            // Removed lines before added ones, as git shows a changed line.
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) yield return new DiffLine('-', a[x++]);
            else yield return new DiffLine('+', b[y++]);
        }
    }

    /// <summary>Keeps the changed lines with <see cref="Context"/> lines around them, a header per hunk (<c>@@ -3,7 +3,7 @@</c>).</summary>
    private static IReadOnlyList<DiffLine> Hunks(List<DiffLine> all)
    {
        var keep = new bool[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Kind == ' ') continue;
            for (var k = Math.Max(0, i - Context); k <= Math.Min(all.Count - 1, i + Context); k++) keep[k] = true;
        }
        var result = new List<DiffLine>();
        int oldLine = 1, newLine = 1;
        for (var i = 0; i < all.Count; i++)
        {
            if (keep[i] && (i == 0 || !keep[i - 1]))
            {
                var end = i;
                while (end < all.Count && keep[end]) end++;
                var span = all.Skip(i).Take(end - i).ToList();
                result.Add(new DiffLine('@', $"@@ -{oldLine},{span.Count(l => l.Kind != '+')} +{newLine},{span.Count(l => l.Kind != '-')} @@"));
            }
            if (keep[i]) result.Add(all[i]);
            if (all[i].Kind != '+') oldLine++;
            if (all[i].Kind != '-') newLine++;
        }
        return result;
    }
}
