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

    public async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        if (!image.StartsWith(registryHost + "/", StringComparison.Ordinal)) return true;
        var path = image[(registryHost.Length + 1)..];
        var at = path.IndexOf('@');
        var colon = path.LastIndexOf(':');
        var (repository, reference) = at > 0 ? (path[..at], path[(at + 1)..]) : colon > 0 ? (path[..colon], path[(colon + 1)..]) : (path, "latest");
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{registryHost}/v2/{repository}/manifests/{reference}");
        foreach (var type in new[] { "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                     "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
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
}
