using Semver;

namespace Pipelines.Images;

/// <summary>
/// <c>semver:~1.2</c>: tags that are semantic versions (an optional leading <c>v</c>) inside an npm-style range,
/// ordered by version, highest first. Pre-releases pass only when the range itself names a pre-release
/// of the same version (<c>semver:^1.3.0-rc.1</c>), as npm does.
/// </summary>
internal sealed class SemverTagPolicy : TagPolicy
{
    readonly SemVersionRange _range;

    public SemverTagPolicy(string text, string range)
    {
        Text = text;
        try
        {
            _range = SemVersionRange.ParseNpm(range);
        }
        catch (FormatException e)
        {
            throw new TagPolicyException(text, $"'{range}' is not a version range ({e.Message}); write e.g. semver:~1.2, semver:^2.0.0 or semver:>=1.0.0 <2.0.0");
        }
    }

    public override string Text { get; }

    public override bool OrdersByTag => true;

    public override bool Matches(string tag) => Version(tag) is { } version && _range.Contains(version);

    /// <summary>A version tag names only itself; <c>latest</c> is never a version.</summary>
    public override bool Names(string tag) => false;

    protected override IEnumerable<TaggedImage> Order(IEnumerable<TaggedImage> images) =>
        images.OrderByDescending(i => Version(i.Tag)!, SemVersion.PrecedenceComparer)
            .ThenBy(i => i.Tag.StartsWith('v') ? 1 : 0)
            .ThenByDescending(i => i.Created);

    static SemVersion? Version(string tag) =>
        SemVersion.TryParse(tag, SemVersionStyles.AllowV, out var version) ? version : null;
}
