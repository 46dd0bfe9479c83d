using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary><c>regex:^v\d+$</c>: a .NET regular expression searched in the tag (anchor it to match the whole tag).</summary>
internal sealed class RegexTagPolicy : TagPolicy
{
    readonly Regex _regex;

    public RegexTagPolicy(string text, string pattern)
    {
        Text = text;
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new TagPolicyException(text, $"the regular expression does not parse ({e.Message}); escape special characters with '\\'");
        }
    }

    public override string Text { get; }

    public override bool Matches(string tag) => _regex.IsMatch(tag);
}
