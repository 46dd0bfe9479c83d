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
    public static string Normalize(string name) => Shared.NameSuggestions.Normalize(name);

    /// <summary>Up to three names closest to <paramref name="wrong"/> (edit distance), closest first.</summary>
    public static IReadOnlyList<string> Closest(string wrong, IEnumerable<string> candidates) => Shared.NameSuggestions.Closest(wrong, candidates);
}
