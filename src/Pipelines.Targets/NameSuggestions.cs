namespace Pipelines.Targets;

/// <summary>"Did you mean …?" for any name a user types: the closest candidates by edit distance.</summary>
public static class NameSuggestions
{
    public static IReadOnlyList<string> Closest(string wrong, IEnumerable<string> candidates) => Naming.Closest(wrong, candidates);
}
