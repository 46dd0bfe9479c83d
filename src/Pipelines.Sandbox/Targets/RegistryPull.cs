using System.Net;
using System.Net.Http.Headers;

namespace Pipelines.Sandbox.Targets;

/// <summary>
/// What a kubelet's image pull would find: for images of the given registry, whether it has the
/// manifest (a HEAD request, as a pull starts); images of other registries are taken as pullable.
/// </summary>
public sealed class RegistryPull(string registryHost)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json",
    ];

    public async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        if (ManifestPath(registryHost, image) is not { } path) return true;
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{registryHost}{path}");
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // registry down: the pull fails, as it would on a node
        }
    }

    /// <summary>
    /// <c>/v2/&lt;repository&gt;/manifests/&lt;reference&gt;</c> for an image of <paramref name="registryHost"/>, else null.
    /// <c>name[:tag][@digest]</c>: the digest is what gets pulled when there is one, as a kubelet does.
    /// </summary>
    public static string? ManifestPath(string registryHost, string image)
    {
        if (!image.StartsWith(registryHost + "/", StringComparison.Ordinal)) return null;
        var path = image[(registryHost.Length + 1)..];
        var at = path.IndexOf('@');
        var name = at > 0 ? path[..at] : path;
        var colon = name.LastIndexOf(':');
        var hasTag = colon > name.LastIndexOf('/');
        var repository = hasTag ? name[..colon] : name;
        var reference = at > 0 ? path[(at + 1)..] : hasTag ? name[(colon + 1)..] : "latest";
        return $"/v2/{repository}/manifests/{reference}";
    }
}
