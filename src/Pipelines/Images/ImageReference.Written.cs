namespace Pipelines.Images;

/// <summary>
/// Images as manifests, trailers and parameters write them: <c>weaveworksdemos/front-end:0.3.12</c> and
/// <c>docker.io/weaveworksdemos/front-end:0.3.12</c> are one image, so comparisons go through the reference grammar; new
/// references keep the repository as the text spells it. Text that does not follow the grammar (a manifest may hold
/// anything) is split as written: the digest after the first <c>@</c>, the tag after a <c>:</c> that follows the last
/// <c>/</c> (so a registry port is part of the name), and compared as text.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The canonical repository (<c>docker.io/library/redis</c>); the name as written when the text does not parse.</summary>
    public static string RepositoryOf(string image) =>
        TryParse(image, out var reference) ? reference.Name : NameAsWritten(image);

    /// <summary>The name as written, without tag or digest: <c>host:5000/team/app</c>, <c>redis</c>.</summary>
    public static string NameAsWritten(string image)
    {
        var withoutDigest = WithoutDigest(image);
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[..colon] : withoutDigest;
    }

    /// <summary>The tag, or null when the text has none (<c>app</c>, <c>app@sha256:…</c>).</summary>
    public static string? TagOf(string image)
    {
        var withoutDigest = WithoutDigest(image);
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[(colon + 1)..] : null;
    }

    /// <summary>The digest the text pins (<c>sha256:…</c>), or null.</summary>
    public static string? DigestOf(string image) => image.IndexOf('@') is var at and >= 0 ? image[(at + 1)..] : null;

    /// <summary>The text without the digest it pins: <c>repo:tag</c>, as people read an image.</summary>
    public static string WithoutDigest(string image) => image.Split('@')[0];

    /// <summary>Same repository and tag (a digest pinned on either side is not compared).</summary>
    public static bool SameTag(string a, string b) =>
        RepositoryOf(a) == RepositoryOf(b) && TagOf(a) == TagOf(b);

    /// <summary>Same repository and tag, and the same bytes as far as both say: a digest only one side pins is no
    /// difference (pinning a tag's digest is not a change), two different digests are.</summary>
    public static bool SameImage(string a, string b) =>
        SameTag(a, b) && (DigestOf(a) is not { } x || DigestOf(b) is not { } y || x == y);

    /// <summary>The text with <paramref name="digest"/> pinned (replacing one it had), keeping its spelling.</summary>
    public static string Pinned(string image, Digest digest) => WithoutDigest(image) + "@" + digest;

    /// <summary><paramref name="current"/>'s name, as written there, with another tag (and digest).</summary>
    public static string Retagged(string current, string tag, Digest? digest = null) =>
        NameAsWritten(current) + ":" + tag + (digest is null ? "" : "@" + digest);
}
