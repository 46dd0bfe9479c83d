using System.Text;
using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary><c>glob:master-*</c>: <c>*</c> matches any run of characters, <c>?</c> one character; the whole tag must match.</summary>
internal sealed class GlobTagPolicy : TagPolicy
{
    readonly Regex _regex;

    public GlobTagPolicy(string pattern)
    {
        Pattern = pattern;
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
            regex.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public override string Text => "glob:" + Pattern;

    public override bool Matches(string tag) => _regex.IsMatch(tag);

    public override bool Names(string tag) => Pattern.Replace("*", " ").Replace("?", " ").Split(' ').Contains(tag);
}
