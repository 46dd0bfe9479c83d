namespace Pipelines.Images;

/// <summary>
/// What a registry says about one tag: the manifest digest it points at, when the image was built,
/// its labels, and whether the tag has been seen pointing at different digests over time
/// (<c>latest</c>, <c>master</c>): such a moving tag is never chosen by a filter that does not name it.
/// </summary>
public sealed record TaggedImage(string Tag, Digest Digest, DateTimeOffset? Created, IReadOnlyDictionary<string, string> Labels, bool Moves = false)
{
    public const string CreatedLabel = "org.opencontainers.image.created";
    public const string RevisionLabel = "org.opencontainers.image.revision";

    /// <summary>The source revision from the <c>org.opencontainers.image.revision</c> label, if the image has one.</summary>
    public string? Revision => Labels.TryGetValue(RevisionLabel, out var revision) ? revision : null;
}
