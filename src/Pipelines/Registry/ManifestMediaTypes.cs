namespace Pipelines.Registry;

/// <summary>The manifest formats the client understands, in the order it asks for them.</summary>
public static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";

    public static readonly IReadOnlyList<string> Accepted = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsImage(string mediaType) => mediaType is OciManifest or DockerManifest;
}
