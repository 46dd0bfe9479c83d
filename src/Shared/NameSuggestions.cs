namespace Pipelines.Shared;

/// <summary>"Did you mean …?" for a name the user wrote that does not exist (a service, an environment).</summary>
/// <remarks>One source compiled into two assemblies (src/Shared, linked by Pipelines.Targets for target and parameter names,
/// and by Pipelines for services and environments): one rule, and neither assembly references the other.</remarks>
internal static class NameSuggestions
{
    /// <summary>Up to three candidates closest to <paramref name="wrong"/> by edit distance, closest first; case, dashes and
    /// underscores ignored.</summary>
    public static IReadOnlyList<string> Closest(string wrong, IEnumerable<string> candidates)
    {
        var normalizedWrong = Normalize(wrong);
        return candidates
            .Select(candidate => (candidate, normalized: Normalize(candidate)))
            .Select(x => (x.candidate, x.normalized, distance: Distance(normalizedWrong, x.normalized)))
            .Where(x => x.distance <= Math.Max(2, normalizedWrong.Length / 3) || normalizedWrong.Length >= 3 && x.normalized.Contains(normalizedWrong))
            .OrderBy(x => x.distance)
            .ThenBy(x => x.candidate, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.candidate)
            .ToList();
    }

    /// <summary>Names match case-insensitively with dashes and underscores ignored.</summary>
    public static string Normalize(string name) => new(name.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());

    // Levenshtein distance over two rows.
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
