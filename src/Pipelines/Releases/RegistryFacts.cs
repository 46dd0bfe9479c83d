using Pipelines.Images;

namespace Pipelines.Releases;

/// <summary>
/// What the registry said, gathered before planning so that plans stay pure functions: the tags of
/// repositories (keyed by canonical repository name; an empty list when the registry has none) and the
/// digests of single images (keyed by the image text asked about; null when the registry has no such tag).
/// A repository or image not asked about counts as not in the registry.
/// </summary>
public sealed record RegistryFacts(IReadOnlyDictionary<string, IReadOnlyList<TaggedImage>> Tags, IReadOnlyDictionary<string, Digest?> Digests)
{
    public static RegistryFacts None { get; } = new(new Dictionary<string, IReadOnlyList<TaggedImage>>(), new Dictionary<string, Digest?>());

    public IReadOnlyList<TaggedImage>? TagsOf(string image) => Tags.GetValueOrDefault(ImageReference.RepositoryOf(image));

    public Digest? DigestOf(string image) => Digests.GetValueOrDefault(image);
}
