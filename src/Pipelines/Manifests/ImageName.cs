namespace Pipelines.Manifests;

/// <summary>The repository and tag parts of an image reference as written in a manifest
/// (<c>host:5000/team/app:1.2@sha256:…</c>); full parsing and validation is the registry's business.</summary>
public static class ImageName
{
    public static string Repository(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[..colon] : withoutDigest;
    }

    /// <summary>The tag, or null when the reference has none (<c>app</c>, <c>app@sha256:…</c>).</summary>
    public static string? Tag(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[(colon + 1)..] : null;
    }
}
