namespace Pipelines.Images;

/// <summary>
/// Which tags of a repository a workload may run, and which of them is newest: <c>glob:&lt;pattern&gt;</c>,
/// <c>regex:&lt;pattern&gt;</c> or <c>semver:&lt;range&gt;</c>, as written in <c>pipelines/tag.&lt;container&gt;</c>
/// annotations and <c>--tag-filter</c>. A filter without a prefix is a glob, as in Flux v1.
/// </summary>
public abstract class TagPolicy
{
    /// <summary>Every tag except moving ones: <c>glob:*</c>.</summary>
    public static TagPolicy All { get; } = new GlobTagPolicy("*");

    /// <summary>The text this policy was parsed from, with its prefix.</summary>
    public abstract string Text { get; }

    public override string ToString() => Text;

    public static TagPolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? "" : text[..colon];
        var pattern = colon < 0 ? text : text[(colon + 1)..];
        return kind switch
        {
            "glob" => new GlobTagPolicy(pattern),
            "regex" or "regexp" => new RegexTagPolicy(text, pattern),
            "semver" => new SemverTagPolicy(text, pattern),
            _ when colon < 0 => new GlobTagPolicy(pattern),
            _ => throw new TagPolicyException(text, $"'{kind}' is not a kind of tag filter; use glob:<pattern>, regex:<pattern> or semver:<range>"),
        };
    }

    /// <summary>Whether the tag name passes this filter (moving tags aside).</summary>
    public abstract bool Matches(string tag);

    /// <summary>Whether the filter names this tag literally, which lets it choose a moving tag such as <c>latest</c>.</summary>
    public virtual bool Names(string tag) => Text.Contains(tag, StringComparison.Ordinal);

    /// <summary>The images this policy allows, best first.</summary>
    public IReadOnlyList<TaggedImage> Select(IEnumerable<TaggedImage> images) =>
        Order(images.Where(Allows)).ToList();

    /// <summary>The best image this policy allows, or null when none passes.</summary>
    public TaggedImage? Newest(IEnumerable<TaggedImage> images) => Select(images).FirstOrDefault();

    /// <summary><c>latest</c> and tags seen at different digests are allowed only when the filter names them.</summary>
    public bool Allows(TaggedImage image) =>
        Matches(image.Tag) && (!(image.Moves || image.Tag == "latest") || Names(image.Tag));

    /// <summary>Newest build first; images without a build time last; tag name (descending, ordinal) breaks ties.</summary>
    protected virtual IEnumerable<TaggedImage> Order(IEnumerable<TaggedImage> images) => ByCreated(images);

    public static IOrderedEnumerable<TaggedImage> ByCreated(IEnumerable<TaggedImage> images) =>
        images.OrderByDescending(i => i.Created.HasValue)
            .ThenByDescending(i => i.Created)
            .ThenByDescending(i => i.Tag, StringComparer.Ordinal);
}
