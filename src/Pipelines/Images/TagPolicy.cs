namespace Pipelines.Images;

/// <summary>
/// Which tags of a repository a workload may run, and which of them is newest: <c>glob:&lt;pattern&gt;</c>,
/// <c>regex:&lt;pattern&gt;</c>, <c>semver:&lt;range&gt;</c>, <c>numerical:asc</c>, <c>alphabetical:asc</c> (the last three
/// optionally over a part of the tag: <c> regex:&lt;pattern&gt; extract:&lt;template&gt;</c>) or <c>digest:&lt;tag&gt;</c> (one moving
/// tag, followed by digest), as written in <c>pipelines/tag.&lt;container&gt;</c> annotations and <c>--tag-filter</c>, and as
/// Flux ImagePolicies and Argo CD Image Updater annotations are read. A filter without a prefix is a glob, as in Flux v1.
/// </summary>
internal abstract class TagPolicy
{
    /// <summary>Every tag except moving ones: <c>glob:*</c>.</summary>
    public static TagPolicy All { get; } = new GlobTagPolicy("*");

    /// <summary>The text this policy was parsed from, with its prefix.</summary>
    public abstract string Text { get; }

    public override string ToString() => Text;

    /// <summary>Parses <c>&lt;kind&gt;:&lt;argument&gt;</c>, optionally followed by <c> regex:&lt;pattern&gt;</c> and <c> extract:&lt;template&gt;</c>
    /// for the semver, numerical and alphabetical kinds (the pattern filters tags, the template is what the kind orders), and by
    /// <c> ignore:&lt;glob&gt;,&lt;glob&gt;</c> for tags never to pick.</summary>
    public static TagPolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.LastIndexOf(" ignore:", StringComparison.Ordinal) is var ignore and > 0)
        {
            return new IgnoringTagPolicy(text, Parse(text[..ignore]), text[(ignore + " ignore:".Length)..]);
        }
        var colon = text.IndexOf(':');
        var kind = colon < 0 ? "" : text[..colon];
        var argument = colon < 0 ? text : text[(colon + 1)..];
        if (kind is "semver" or "numerical" or "alphabetical" && argument.IndexOf(" regex:", StringComparison.Ordinal) is var at and >= 0)
        {
            var rest = argument[(at + " regex:".Length)..];
            var extractAt = rest.LastIndexOf(" extract:", StringComparison.Ordinal);
            var pattern = extractAt < 0 ? rest : rest[..extractAt];
            var extract = extractAt < 0 ? null : rest[(extractAt + " extract:".Length)..];
            return new ExtractingTagPolicy(text, Parse($"{kind}:{argument[..at]}"), pattern, extract);
        }
        return kind switch
        {
            "glob" => new GlobTagPolicy(argument),
            "regex" or "regexp" => new RegexTagPolicy(text, argument),
            "semver" => new SemverTagPolicy(text, argument),
            "numerical" => new OrderedTagPolicy(text, numerical: true, argument),
            "alphabetical" => new OrderedTagPolicy(text, numerical: false, argument),
            "digest" => new DigestTagPolicy(text, argument),
            _ when colon < 0 => new GlobTagPolicy(argument),
            _ => throw new TagPolicyException(text, $"'{kind}' is not a kind of tag filter; use glob:<pattern>, regex:<pattern>, semver:<range>, " +
                "numerical:asc|desc, alphabetical:asc|desc (each of the last three optionally followed by ' regex:<pattern> extract:<template>') or digest:<tag>, " +
                "any of them optionally followed by ' ignore:<glob>,<glob>'"),
        };
    }

    /// <summary>A moving tag followed by digest (<c>digest:&lt;tag&gt;</c>): a new digest of the same tag is an update.</summary>
    public virtual bool FollowsDigest => false;

    /// <summary>Whether the tag name passes this filter (moving tags aside).</summary>
    public abstract bool Matches(string tag);

    /// <summary>Whether the filter names this tag literally, which lets it choose a moving tag such as <c>latest</c>.</summary>
    public virtual bool Names(string tag) => Text.Contains(tag, StringComparison.Ordinal);

    /// <summary>
    /// Whether this policy ranks tags by their names alone (semver, numerical, alphabetical, one followed tag): then the
    /// registry is asked only for the digest of the tag it chooses, not for every tag's build time.
    /// </summary>
    public virtual bool OrdersByTag => false;

    /// <summary>The tags this policy allows, best first, judged by name (for a policy that <see cref="OrdersByTag"/>);
    /// <paramref name="moves"/> says which tags are known to have moved.</summary>
    public IEnumerable<string> Preferred(IEnumerable<string> tags, Func<string, bool> moves) =>
        Order(tags.Select(tag => new TaggedImage(tag, NameOnly, null, NoLabels, moves(tag))).Where(Allows)).Select(image => image.Tag);

    // What a tag is before the registry is asked: a policy that orders by tag never reads the digest or the labels.
    static readonly Digest NameOnly = Digest.Sha256([]);
    static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>The images this policy allows, best first.</summary>
    public IReadOnlyList<TaggedImage> Select(IEnumerable<TaggedImage> images) =>
        Order(images.Where(Allows)).ToList();

    /// <summary>The best image this policy allows, or null when none passes.</summary>
    public TaggedImage? Newest(IEnumerable<TaggedImage> images) => Select(images).FirstOrDefault();

    /// <summary><c>latest</c> and tags seen at different digests are allowed only when the filter names them.</summary>
    public bool Allows(TaggedImage image) =>
        Matches(image.Tag) && (!(image.Moves || image.Tag == "latest") || Names(image.Tag));

    /// <summary>This policy's order over images it allows, for a policy that orders what another one extracted.</summary>
    internal IEnumerable<TaggedImage> Ordered(IEnumerable<TaggedImage> images) => Order(images);

    /// <summary>Newest build first; images without a build time last; tag name (descending, ordinal) breaks ties.</summary>
    protected virtual IEnumerable<TaggedImage> Order(IEnumerable<TaggedImage> images) => ByCreated(images);

    public static IOrderedEnumerable<TaggedImage> ByCreated(IEnumerable<TaggedImage> images) =>
        images.OrderByDescending(i => i.Created.HasValue)
            .ThenByDescending(i => i.Created)
            .ThenByDescending(i => i.Tag, StringComparer.Ordinal);
}
