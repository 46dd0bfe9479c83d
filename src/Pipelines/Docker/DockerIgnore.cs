using System.Text;
using System.Text.RegularExpressions;

namespace Pipelines.Docker;

/// <summary>
/// The rules of a <c>.dockerignore</c> file, matched as the Docker CLI matches them: Go <c>filepath.Match</c>
/// patterns plus <c>**</c>, relative to the context root; a pattern also matches everything under a
/// directory it matches; <c>!</c> re-includes; the last matching line wins.
/// </summary>
internal sealed class DockerIgnore
{
    readonly IReadOnlyList<(Regex Pattern, bool Exception, string Text)> _rules;

    DockerIgnore(IReadOnlyList<(Regex, bool, string)> rules) => _rules = rules;

    public static DockerIgnore None { get; } = new([]);

    /// <summary>Whether some rule re-includes paths (<c>!</c>): then an excluded directory must still be walked.</summary>
    public bool HasExceptions => _rules.Any(r => r.Exception);

    /// <summary>Reads <c>&lt;context&gt;/.dockerignore</c>; the Dockerfile and the ignore file itself are always sent, as the CLI does.</summary>
    public static DockerIgnore Load(string contextDirectory, string dockerfileEntry)
    {
        var path = Path.Combine(contextDirectory, ".dockerignore");
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
        if (lines.Count == 0) return None;
        lines.Add("!" + dockerfileEntry);
        lines.Add("!.dockerignore");
        return Parse(lines);
    }

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var rules = new List<(Regex, bool, string)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var exception = line.StartsWith('!');
            if (exception) line = line[1..].Trim();
            var cleaned = Clean(line);
            if (cleaned.Length == 0) continue;
            rules.Add((new Regex(ToRegex(cleaned), RegexOptions.CultureInvariant), exception, line));
        }
        return new DockerIgnore(rules);
    }

    /// <summary>Whether a path (relative, '/'-separated) is left out of the context.</summary>
    public bool Excludes(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, exception, _) in _rules)
            if (MatchesOrParentMatches(pattern, relativePath))
                excluded = !exception;
        return excluded;
    }

    static bool MatchesOrParentMatches(Regex pattern, string path)
    {
        if (pattern.IsMatch(path)) return true;
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            if (pattern.IsMatch(path[..slash])) return true;
        return false;
    }

    // filepath.Clean, then the leading '/' dropped: "/a/./b/" and "a/b" are the same rule.
    static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (part != "..") parts.Add(part);
        }
        return string.Join('/', parts);
    }

    // As moby's patternmatcher: '**' any number of path segments, '*' and '?' within one segment, [...] classes.
    static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    // "**/" matches zero or more directories; a trailing "**" matches everything below.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    var body = pattern[(i + 1)..end];
                    regex.Append('[').Append(body.StartsWith('^') ? "^" + body[1..].Replace("\\", @"\\") : body.Replace("\\", @"\\")).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }
}
