using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// Comparing images as manifests write them: <c>weaveworksdemos/front-end:0.3.12</c> and
/// <c>docker.io/weaveworksdemos/front-end:0.3.12</c> are one image, so comparisons go through the
/// reference grammar; new references keep the repository as the manifest spells it.
/// </summary>
public static class ImageText
{
    /// <summary>The canonical repository (<c>docker.io/library/redis</c>); the text itself when it does not parse.</summary>
    public static string Repository(string image) =>
        ImageReference.TryParse(image, out var reference) ? reference.Name : ImageName.Repository(image);

    /// <summary>Same repository and tag (a digest pinned on either side is not compared).</summary>
    public static bool SameTag(string a, string b) =>
        Repository(a) == Repository(b) && ImageName.Tag(a) == ImageName.Tag(b);

    /// <summary>Same repository and tag, and the same bytes as far as both say: a digest only one side pins is no
    /// difference (pinning a tag's digest is not a change), two different digests are.</summary>
    public static bool SameImage(string a, string b) =>
        SameTag(a, b) && (DigestOf(a) is not { } x || DigestOf(b) is not { } y || x == y);

    /// <summary>The digest a reference pins (<c>sha256:…</c>), or null.</summary>
    public static string? DigestOf(string image) => image.IndexOf('@') is var at and >= 0 ? image[(at + 1)..] : null;

    /// <summary>The reference with <paramref name="digest"/> pinned (replacing one it had), keeping its spelling.</summary>
    public static string Pinned(string image, Digest digest) => image.Split('@')[0] + "@" + digest;

    /// <summary><paramref name="current"/>'s repository, as written there, with another tag (and digest).</summary>
    public static string WithTag(string current, string tag, Digest? digest = null) =>
        ImageName.Repository(current) + ":" + tag + (digest is null ? "" : "@" + digest);
}
