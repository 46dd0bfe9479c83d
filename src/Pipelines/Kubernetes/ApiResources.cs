using System.Text.Json.Nodes;

namespace Pipelines.Kubernetes;

/// <summary>
/// Kind → resource, from the server's discovery documents (one request per group version, cached), so
/// that any kind the cluster serves — CRDs included — can be applied, as kubectl does.
/// </summary>
internal sealed class ApiResources(KubeApi api)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<ApiResource>> _byGroupVersion = new();

    public async Task<ApiResource> ResolveAsync(string apiVersion, string kind, string where, CancellationToken cancellationToken = default)
    {
        var resources = await GroupVersionAsync(apiVersion, cancellationToken);
        if (resources.All(r => r.Kind != kind) && _byGroupVersion.ContainsKey(apiVersion))
        {
            // What was read earlier in this run may predate a CRD that is served now: ask discovery again once.
            Forget(apiVersion);
            resources = await GroupVersionAsync(apiVersion, cancellationToken);
        }
        return resources.FirstOrDefault(r => r.Kind == kind)
            ?? throw new KubeApiException($"{where}: the cluster at {api.Server} does not serve kind {kind} in {apiVersion}" +
                (resources.Count == 0 ? $" (it does not serve {apiVersion} at all; check the apiVersion, or install its CRD first)." : $"; it serves {string.Join(", ", resources.Select(r => r.Kind).Distinct().Take(15))}."),
                System.Net.HttpStatusCode.NotFound);
    }

    /// <summary>Drops what discovery said about a group version (a CRD just became Established serves new kinds there).</summary>
    public void Forget(string apiVersion) => _byGroupVersion.TryRemove(apiVersion, out _);

    public async Task<IReadOnlyList<ApiResource>> GroupVersionAsync(string apiVersion, CancellationToken cancellationToken = default)
    {
        if (_byGroupVersion.TryGetValue(apiVersion, out var known)) return known;
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var document = await api.GetAsync(group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}", cancellationToken);
        var list = (document?["resources"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(r => !(r["name"]?.GetValue<string>() ?? "/").Contains('/'))   // skip subresources such as deployments/scale
            .Select(r => new ApiResource(group, version, r["kind"]!.GetValue<string>(), r["name"]!.GetValue<string>(), r["namespaced"]?.GetValue<bool>() ?? false))
            .ToList();
        _byGroupVersion[apiVersion] = list;
        return list;
    }
}
