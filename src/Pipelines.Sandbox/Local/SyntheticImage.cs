using System.Text;
using System.Text.Json;
using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Sandbox.Local;

/// <summary>
/// A tiny OCI image (a config blob with a build time, one small layer) pushed with the registry client:
/// stands in for the sock-shop images the sandbox's config repo names, which cannot be pulled here.
/// </summary>
public static class SyntheticImage
{
    public static async Task<Digest> PushAsync(RegistryClient client, ImageReference repository, string tag, DateTimeOffset created, CancellationToken cancellationToken = default)
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"),
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new { Labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = tag } },
            ["rootfs"] = new { type = "layers", diff_ids = Array.Empty<string>() },
        });
        var layer = Encoding.UTF8.GetBytes($"{repository.Repository}:{tag}");
        var configDigest = await client.PushBlobAsync(repository, config, cancellationToken);
        var layerDigest = await client.PushBlobAsync(repository, layer, cancellationToken);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = ManifestMediaTypes.OciManifest,
            config = new { mediaType = ManifestMediaTypes.OciConfig, digest = configDigest.ToString(), size = config.Length },
            layers = new[] { new { mediaType = ManifestMediaTypes.OciLayer, digest = layerDigest.ToString(), size = layer.Length } },
        });
        return await client.PushManifestAsync(repository, tag, ManifestMediaTypes.OciManifest, manifest, cancellationToken);
    }
}
