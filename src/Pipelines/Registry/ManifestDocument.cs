using System.Text.Json;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>A parsed manifest: either an image (config blob and layers) or an index of per-platform images.</summary>
public abstract record ManifestDocument(string MediaType)
{
    /// <summary>
    /// Parses manifest bytes. The media type comes from the Content-Type header, or else from the document's
    /// own <c>mediaType</c> field, or else from its shape. Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static ManifestDocument Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(content.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the manifest is not JSON ({e.Message})");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("the manifest is not a JSON object");
            var declared = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null;
            var fromHeader = MediaTypeOf(contentType);
            var mediaType = (fromHeader is "application/json" or "application/octet-stream" ? null : fromHeader) ?? declared
                ?? (root.TryGetProperty("manifests", out _) ? ManifestMediaTypes.OciIndex
                    : root.TryGetProperty("config", out _) ? ManifestMediaTypes.OciManifest
                    : null)
                ?? throw new FormatException("the manifest has neither 'manifests' nor 'config'; it is no image manifest or index");
            if (ManifestMediaTypes.IsIndex(mediaType))
                return new IndexManifest(mediaType, ReadEntries(root));
            if (ManifestMediaTypes.IsImage(mediaType))
                return new ImageManifest(mediaType, ReadConfig(root));
            if (mediaType.Contains("manifest.v1", StringComparison.Ordinal))
                throw new FormatException("it is a Docker schema 1 manifest, which is deprecated and not supported; push the image again with a current Docker or buildkit");
            throw new FormatException($"media type '{mediaType}' is not an image manifest or index");
        }
    }

    static string? MediaTypeOf(string? contentType) =>
        contentType?.Split(';')[0].Trim() is { Length: > 0 } type ? type : null;

    static Descriptor ReadConfig(JsonElement manifest)
    {
        if (!manifest.TryGetProperty("config", out var element) || element.ValueKind != JsonValueKind.Object)
            throw new FormatException("the manifest has no 'config' object");
        return ReadDescriptor(element, "config");
    }

    static Descriptor ReadDescriptor(JsonElement element, string what)
    {
        var digestText = element.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (!Digest.TryParse(digestText, out var digest, out var error))
            throw new FormatException($"'{what}' has no valid digest: {error}");
        var mediaType = element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
        return new Descriptor(mediaType, digest);
    }

    static List<IndexEntry> ReadEntries(JsonElement root)
    {
        if (!root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            throw new FormatException("the index has no 'manifests' array");
        var entries = new List<IndexEntry>();
        foreach (var entry in manifests.EnumerateArray())
        {
            var descriptor = ReadDescriptor(entry, "manifests[]");
            Platform? platform = null;
            if (entry.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
                && p.TryGetProperty("os", out var os) && p.TryGetProperty("architecture", out var arch))
            {
                var variant = p.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                platform = new Platform(os.GetString() ?? "", arch.GetString() ?? "", variant);
            }
            entries.Add(new IndexEntry(descriptor, platform));
        }
        return entries;
    }
}

/// <summary>An OCI image manifest or Docker v2 manifest.</summary>
internal sealed record ImageManifest(string MediaType, Descriptor Config) : ManifestDocument(MediaType);

/// <summary>An OCI index or Docker manifest list.</summary>
internal sealed record IndexManifest(string MediaType, IReadOnlyList<IndexEntry> Entries) : ManifestDocument(MediaType)
{
    /// <summary>
    /// The entry for <paramref name="platform"/>; null when there is none. Entries without a platform or
    /// for <c>unknown/unknown</c> (build attestations) are never picked.
    /// </summary>
    public IndexEntry? Select(Platform platform) =>
        Entries.Where(e => e.Platform is not null && e.Platform.Os != "unknown" && platform.Accepts(e.Platform))
            .OrderBy(e => e.Platform!.Variant == platform.Variant ? 0 : 1)
            .FirstOrDefault();

    public IEnumerable<Platform> Platforms => Entries.Select(e => e.Platform).OfType<Platform>().Where(p => p.Os != "unknown");
}
