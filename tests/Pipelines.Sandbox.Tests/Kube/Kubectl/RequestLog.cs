using System.Web;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Kubectl;

/// <summary>
/// The requests kubectl made, one line each: method, path and query, with the values that change from
/// run to run (resource versions, hashes, timeouts) replaced by *, so that the log can be a golden file.
/// </summary>
internal static class RequestLog
{
    private static readonly HashSet<string> StableParameters =
    [
        "fieldManager", "fieldValidation", "force", "watch", "fieldSelector", "labelSelector", "limit",
        "allowWatchBookmarks", "propagationPolicy", "dryRun", "includeObject",
    ];

    /// <summary>
    /// The lines of one kubectl command: discovery and OpenAPI requests first, sorted (kubectl makes them
    /// in parallel, so their order varies), then the requests on resources in the order they were made.
    /// </summary>
    public static IEnumerable<string> Lines(IEnumerable<RecordedRequest> requests)
    {
        var kubectl = requests.Where(r => r.UserAgent.StartsWith("kubectl", StringComparison.Ordinal)).ToList();
        var discovery = kubectl.Where(IsDiscovery).Select(Line).Order(StringComparer.Ordinal);
        return discovery.Concat(kubectl.Where(r => !IsDiscovery(r)).Select(Line));
    }

    private static bool IsDiscovery(RecordedRequest r)
    {
        var segments = r.Path.Trim('/').Split('/');
        return segments[0] == "openapi" || (segments[0] == "api" && segments.Length <= 2) || (segments[0] == "apis" && segments.Length <= 3);
    }

    public static string Line(RecordedRequest request)
    {
        var query = HttpUtility.ParseQueryString(request.Query);
        var parameters = query.AllKeys.Where(k => k is not null).Order(StringComparer.Ordinal)
            .Select(k => StableParameters.Contains(k!) ? $"{k}={query[k]}" : $"{k}=*");
        var text = string.Join("&", parameters);
        return $"{request.Method} {request.Path}{(text.Length > 0 ? "?" + text : "")} -> {request.StatusCode}";
    }
}
