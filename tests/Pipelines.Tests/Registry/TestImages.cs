using System.Text;
using System.Text.Json;
using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

/// <summary>Builds tiny images (a config blob and one layer) and pushes them with the client's own blob upload.</summary>
public static class TestImages
{
    /// <summary>Pushes an OCI image under <paramref name="tag"/>; returns its manifest digest.</summary>
    public static async Task<Digest> PushImageAsync(RegistryClient client, ImageReference repository, string tag,
        DateTimeOffset? created = null, IReadOnlyDictionary<string, string>? labels = null, string architecture = "amd64", string? variant = null,
        string? rawConfig = null)
    {
        var manifest = await ImageManifestAsync(client, repository, created, labels, architecture, variant, rawConfig);
        return await client.PushManifestAsync(repository, tag, ManifestMediaTypes.OciManifest, manifest);
    }

    /// <summary>Pushes one image per platform, then an OCI index of them under <paramref name="tag"/>.</summary>
    public static async Task<Digest> PushIndexAsync(RegistryClient client, ImageReference repository, string tag,
        params (string Architecture, string? Variant, DateTimeOffset Created)[] platforms)
    {
        var entries = new List<object>();
        foreach (var (architecture, variant, created) in platforms)
        {
            var manifest = await ImageManifestAsync(client, repository, created, null, architecture, variant, null);
            var digest = await client.PushManifestAsync(repository, Digest.Sha256(manifest).ToString(), ManifestMediaTypes.OciManifest, manifest);
            entries.Add(new
            {
                mediaType = ManifestMediaTypes.OciManifest,
                digest = digest.ToString(),
                size = manifest.Length,
                platform = variant is null
                    ? (object)new { architecture, os = "linux" }
                    : new { architecture, os = "linux", variant },
            });
        }
        var index = JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, mediaType = ManifestMediaTypes.OciIndex, manifests = entries });
        return await client.PushManifestAsync(repository, tag, ManifestMediaTypes.OciIndex, index);
    }

    static async Task<byte[]> ImageManifestAsync(RegistryClient client, ImageReference repository, DateTimeOffset? created,
        IReadOnlyDictionary<string, string>? labels, string architecture, string? variant, string? rawConfig)
    {
        var config = rawConfig is not null
            ? Encoding.UTF8.GetBytes(rawConfig)
            : JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["created"] = created?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
                ["architecture"] = architecture,
                ["variant"] = variant,
                ["os"] = "linux",
                ["config"] = new { Labels = labels ?? new Dictionary<string, string>(), Env = new[] { "UNIQUE=" + Guid.NewGuid() } },
                ["rootfs"] = new { type = "layers", diff_ids = Array.Empty<string>() },
            });
        var layer = Encoding.UTF8.GetBytes("layer " + Guid.NewGuid());
        var configDigest = await client.PushBlobAsync(repository, config);
        var layerDigest = await client.PushBlobAsync(repository, layer);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = ManifestMediaTypes.OciManifest,
            config = new { mediaType = ManifestMediaTypes.OciConfig, digest = configDigest.ToString(), size = config.Length },
            layers = new[] { new { mediaType = ManifestMediaTypes.OciLayer, digest = layerDigest.ToString(), size = layer.Length } },
        });
    }
}
