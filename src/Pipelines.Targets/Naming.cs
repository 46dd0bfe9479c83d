using System.Text;

namespace Pipelines.Targets;

/// <summary>How names are written and compared across the command line, environment and files.</summary>
internal static class Naming
{
    /// <summary><c>ConfigRepo</c> → <c>config-repo</c>; <c>KubeConfigPath</c> → <c>kube-config-path</c>.</summary>
    public static string ToKebabCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                var previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (i > 0 && (previousIsLower || (previousIsUpper && nextIsLower))) builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c == '_') builder.Append('-');
            else builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Target and option names match case-insensitively with dashes and underscores ignored.</summary>
    public static string Normalize(string name) =>
        new(name.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());

    /// <summary>Up to three names closest to <paramref name="wrong"/> (edit distance), closest first.</summary>
    public static IReadOnlyList<string> Closest(string wrong, IEnumerable<string> candidates)
    {
        var normalizedWrong = Normalize(wrong);
        return candidates
            .Select(candidate => (candidate, distance: Distance(normalizedWrong, Normalize(candidate))))
            .Where(x => x.distance <= Math.Max(2, normalizedWrong.Length / 3) || Normalize(x.candidate).Contains(normalizedWrong) && normalizedWrong.Length >= 3)
            .OrderBy(x => x.distance)
            .ThenBy(x => x.candidate, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.candidate)
            .ToList();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
