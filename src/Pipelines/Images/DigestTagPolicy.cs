namespace Pipelines.Images;

/// <summary>
/// <c>digest:alpine</c>: follow one tag that moves (Argo CD Image Updater's <c>digest</c> strategy, Keel's <c>force</c>). The tag
/// is the only candidate, <c>latest</c> and moving tags included; a release happens when the digest it points at differs from
/// the one the container pins, and writes <c>tag@digest</c>, so that the cluster really rolls out.
/// </summary>
internal sealed class DigestTagPolicy : TagPolicy
{
    public DigestTagPolicy(string text, string tag)
    {
        Text = text;
        Tag = tag.Trim();
        if (Tag.Length == 0) throw new TagPolicyException(text, "name the tag to follow, e.g. digest:latest or digest:alpine");
    }

    public override string Text { get; }

    public override bool OrdersByTag => true;

    public string Tag { get; }

    public override bool FollowsDigest => true;

    public override bool Matches(string tag) => tag == Tag;

    public override bool Names(string tag) => tag == Tag;
}
