using System.Net;

namespace Pipelines.Kubernetes;

/// <summary>
/// How requests to the Kubernetes API are bounded and retried: a deadline per attempt (<c>--kube-timeout</c>), and up
/// to <see cref="MaxRetries"/> retries with exponential backoff and jitter (or the server's <c>Retry-After</c>).
/// </summary>
public sealed record KubeRequestPolicy
{
    public static KubeRequestPolicy Default { get; } = new();

    /// <summary>The deadline of one attempt (watches excepted: they end by their own <c>timeoutSeconds</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 5;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A server asking to wait longer than this (Retry-After) is waited for this long.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pure: whether an answer (or a failure to get one) is worth another attempt. 429 means the server did not act on
    /// the request, so any request is sent again; a 502/503/504, a reset connection or a timeout may come after the server acted,
    /// so only requests that mean the same when sent twice are: reads, PUT (it carries the resourceVersion read),
    /// DELETE (a second one finds the object gone), and patches that set values — server-side apply, merge and
    /// strategic merge patches. A JSON patch (it may add to lists) and a POST (it creates) are not.
    /// </summary>
    public static bool ShouldRetry(HttpMethod method, string? contentType, HttpStatusCode? status, bool failedToAnswer)
    {
        if (status == HttpStatusCode.TooManyRequests) return true;
        // Not 500: an API server answers it for faults of the request itself too (a server-side apply it cannot type),
        // which would only be sent again and again; client-go retries a 500 only when it carries Retry-After.
        var transient = failedToAnswer || status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        return transient && IsIdempotent(method, contentType);
    }

    public static bool IsIdempotent(HttpMethod method, string? contentType) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put || method == HttpMethod.Delete
        || (method == HttpMethod.Patch && contentType is "application/apply-patch+yaml" or "application/merge-patch+json" or "application/strategic-merge-patch+json");

    /// <summary>Retry-After as seconds or as an HTTP date, within <see cref="MaxRetryAfter"/>; null when absent.</summary>
    public TimeSpan? RetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }
}
