using System.Collections.Concurrent;
using System.Net;

namespace Pipelines.Tests.Registry;

/// <summary>
/// Sits between the client and the network: records every request ("GET /v2/app/manifests/1.0") and can
/// answer some requests itself to inject faults (429, 5xx, 403, garbage) before the real registry sees them.
/// </summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    readonly ConcurrentQueue<string> _requests = new();
    readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage?>> _faults = new();

    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>Requests to the registry's API whose method is <paramref name="method"/> and path contains <paramref name="pathPart"/>.</summary>
    public int Count(string method, string pathPart = "/v2/") =>
        _requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(pathPart, StringComparison.Ordinal));

    public void Reset() => _requests.Clear();

    /// <summary>Answers the next requests that <paramref name="answer"/> returns a response for, once each queued fault.</summary>
    public void Inject(Func<HttpRequestMessage, HttpResponseMessage?> answer) => _faults.Enqueue(answer);

    /// <summary>Answers the next <paramref name="times"/> requests whose path contains <paramref name="pathPart"/> with <paramref name="status"/>.</summary>
    public void Fail(string pathPart, HttpStatusCode status, int times = 1, string body = "")
    {
        for (var i = 0; i < times; i++)
            Inject(request => request.RequestUri!.AbsolutePath.Contains(pathPart, StringComparison.Ordinal)
                ? new HttpResponseMessage(status) { Content = new StringContent(body) }
                : null);
    }

    /// <summary>When set and it returns bytes for a request, the registry's response body is replaced with them.</summary>
    public Func<HttpRequestMessage, byte[]?>? ReplaceBody { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
        if (_faults.TryPeek(out var fault) && fault(request) is { } injected)
        {
            _faults.TryDequeue(out _);
            injected.RequestMessage = request;
            return injected;
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (ReplaceBody?.Invoke(request) is { } body)
        {
            var contentType = response.Content.Headers.ContentType;
            response.Content = new ByteArrayContent(body);
            response.Content.Headers.ContentType = contentType;
        }
        return response;
    }
}
