using k8s.Autorest;

namespace Pipelines.Kubernetes;

/// <summary>
/// API errors that say nothing about the request, only about the moment: 429, 502-504, a connection that failed or timed
/// out. They remain after the request policy's retries when an API server is down for longer (an upgrade, a failover);
/// a wait that polls the API outlives them.
/// </summary>
internal static class TransientErrors
{
    public static bool Are(Exception e, CancellationToken cancellationToken) => e switch
    {
        KubeApiException api => IsTransient((int)api.Status),
        HttpOperationException http => IsTransient((int)http.Response.StatusCode),
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    // As KubeRequestPolicy retries: a 500 is as often the request's own fault (a server-side apply the server cannot type).
    private static bool IsTransient(int status) => status is 429 or 502 or 503 or 504;
}
