using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary>
/// A policy over part of each tag (Flux's <c>filterTags: {pattern, extract}</c>): only tags the pattern matches pass, and the
/// inner policy (semver, numerical, alphabetical) judges and orders what <c>extract</c> makes of them — e.g.
/// <c>numerical:asc regex:^main-[a-f0-9]+-(?&lt;ts&gt;[0-9]+) extract:$ts</c> orders <c>main-7f511af-1712345678</c> by its
/// timestamp. Go's spelling of named groups (<c>(?P&lt;ts&gt;…)</c>) and of references (<c>$ts</c>) is accepted as Flux writes it.
/// </summary>
internal sealed partial class ExtractingTagPolicy : TagPolicy
{
    private readonly Regex _pattern;
    private readonly string? _extract;

    public ExtractingTagPolicy(string text, TagPolicy inner, string pattern, string? extract)
    {
        Text = text;
        Inner = inner;
        try
        {
            _pattern = new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new TagPolicyException(text, $"the pattern does not parse ({e.Message}); escape special characters with '\\'");
        }
        // Go's Expand reads "$name" as far as the name goes; .NET needs "${name}".
        _extract = extract is null ? null : GoReference().Replace(extract, m => "${" + m.Groups[1].Value + "}");
        foreach (Match reference in DotNetReference().Matches(_extract ?? ""))
        {
            var group = reference.Groups[1].Value;
            if (!_pattern.GetGroupNames().Contains(group))
            {
                throw new TagPolicyException(text, $"extract names the group '{group}', which the pattern does not have; name it in the pattern, e.g. (?<{group}>[0-9]+)");
            }
        }
    }

    public override string Text { get; }

    public override bool OrdersByTag => Inner.OrdersByTag;

    public TagPolicy Inner { get; }

    /// <summary>What the inner policy sees of a tag: the extract template filled from the match, or the tag itself.</summary>
    public string? Extract(string tag)
    {
        var match = _pattern.Match(tag);
        if (!match.Success) return null;
        return _extract is null ? tag : match.Result(_extract);
    }

    public override bool Matches(string tag) => Extract(tag) is { } extracted && Inner.Matches(extracted);

    public override bool Names(string tag) => Inner.Names(tag);

    protected override IEnumerable<TaggedImage> Order(IEnumerable<TaggedImage> images)
    {
        var originals = new Dictionary<TaggedImage, TaggedImage>(ReferenceEqualityComparer.Instance);
        foreach (var image in images) originals[image with { Tag = Extract(image.Tag)! }] = image;
        return Inner.Ordered(originals.Keys).Select(copy => originals[copy]);
    }

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex GoReference();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex DotNetReference();
}
