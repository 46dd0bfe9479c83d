using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>A manifest as the registry served it: its digest, media type and exact bytes.</summary>
public sealed record ManifestResponse(Digest Digest, string MediaType, byte[] Content)
{
    /// <summary>Parses the bytes; <see cref="FormatException"/> when they are not a manifest.</summary>
    public ManifestDocument Parse() => ManifestDocument.Parse(Content, MediaType);
}
