namespace Pipelines.ConfigRepo;

/// <summary>
/// Git's rules for a branch name (<c>git check-ref-format --branch</c>), pure: what is wrong with a name, or null. Checked
/// before anything runs, so that a name git would refuse is reported as such instead of as whatever libgit2 says halfway
/// through a fetch ("check that the server is reachable").
/// </summary>
public static class BranchName
{
    /// <summary>The first rule <paramref name="name"/> breaks, as "it …" (e.g. "it contains '..'"); null when git accepts it.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "it is empty";
        if (name == "@") return "it is the single character '@'";
        if (name == "HEAD") return "HEAD is git's name for the checked-out commit, not a branch";
        if (name.StartsWith('-')) return "it begins with '-'";
        if (name.StartsWith("refs/", StringComparison.Ordinal)) return "it begins with 'refs/' (give the branch's short name: main, not refs/heads/main)";
        if (name.StartsWith('/') || name.EndsWith('/')) return "it begins or ends with '/'";
        if (name.Contains("//", StringComparison.Ordinal)) return "it contains '//'";
        if (name.EndsWith('.')) return "it ends with '.'";
        if (name.Contains("..", StringComparison.Ordinal)) return "it contains '..'";
        if (name.Contains("@{", StringComparison.Ordinal)) return "it contains '@{'";
        foreach (var c in name)
        {
            if (c < ' ' || c == '\u007f') return "it contains a control character";
            if (c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') return $"it contains '{c}'";
        }
        foreach (var component in name.Split('/'))
        {
            if (component.StartsWith('.')) return $"its part '{component}' begins with '.'";
            if (component.EndsWith(".lock", StringComparison.Ordinal)) return $"its part '{component}' ends with '.lock'";
        }
        return null;
    }
}
