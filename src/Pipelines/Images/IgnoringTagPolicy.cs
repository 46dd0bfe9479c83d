namespace Pipelines.Images;

/// <summary>
/// A policy with tags it must never pick: <c>semver:~1.2 ignore:*-rc*,latest</c> (Argo CD Image Updater's <c>ignore-tags</c>, a
/// comma-separated list of globs). The inner policy judges and orders the rest.
/// </summary>
internal sealed class IgnoringTagPolicy : TagPolicy
{
    private readonly IReadOnlyList<GlobTagPolicy> _ignored;

    public IgnoringTagPolicy(string text, TagPolicy inner, string globs)
    {
        Text = text;
        Inner = inner;
        _ignored = globs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(g => new GlobTagPolicy(g)).ToList();
        if (_ignored.Count == 0) throw new TagPolicyException(text, "ignore: names no tags; write e.g. ignore:latest,*-rc*");
    }

    public override string Text { get; }

    public override bool OrdersByTag => Inner.OrdersByTag;

    public TagPolicy Inner { get; }

    public override bool FollowsDigest => Inner.FollowsDigest;

    public override bool Matches(string tag) => Inner.Matches(tag) && !_ignored.Any(g => g.Matches(tag));

    public override bool Names(string tag) => Inner.Names(tag);

    protected override IEnumerable<TaggedImage> Order(IEnumerable<TaggedImage> images) => Inner.Ordered(images);
}
