using System.Net.Http.Json;
using System.Net;
using Pipelines.Diagnostics;

namespace Pipelines.Notifications;

/// <summary>
/// Posts notices to every <c>--notify-url</c> in the background. Delivery never fails or holds up the operation it
/// reports: each URL is tried a few times with backoff (<see cref="NotifierTiming"/>), on network errors, timeouts, 5xx
/// and 429; what still fails is logged with the URL masked (<see cref="NotifyUrl.Display"/>) and counted.
/// <see cref="DrainAsync"/> waits for what is under way (a target before its process exits; the service when it stops).
/// </summary>
public sealed class Notifier : IDisposable
{
    private readonly IReadOnlyList<NotifyUrl> _urls;
    private readonly ILog _log;
    private readonly NotifierTiming _timing;
    private readonly Action<string>? _counted;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _pending = [];

    /// <param name="counted">Told <c>delivered</c> or <c>failed</c> once per URL and notice (the service's /metrics).</param>
    public Notifier(IReadOnlyList<NotifyUrl> urls, ILog log, NotifierTiming? timing = null, Action<string>? counted = null)
    {
        _urls = urls;
        _log = log;
        _timing = timing ?? NotifierTiming.Default;
        _counted = counted;
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    public bool Any => _urls.Count > 0;

    /// <summary>Starts delivering <paramref name="notice"/> to every URL and returns at once.</summary>
    public void Post(ReleaseNotice notice)
    {
        foreach (var url in _urls)
        {
            var payload = NotificationPayload.For(url.Format, notice);
            var delivery = Task.Run(() => DeliverAsync(url, payload, notice));
            lock (_gate) _pending.Add(delivery);
            delivery.ContinueWith(done =>
            {
                lock (_gate) _pending.Remove(done);
            }, TaskScheduler.Default);
        }
    }

    /// <summary>Waits for every delivery under way (each is bounded by its attempts' timeouts and backoffs).</summary>
    public async Task DrainAsync()
    {
        Task[] pending;
        lock (_gate) pending = [.. _pending];
        await Task.WhenAll(pending);
    }

    private async Task DeliverAsync(NotifyUrl url, System.Text.Json.Nodes.JsonObject payload, ReleaseNotice notice)
    {
        string? problem = null;
        for (var attempt = 1; attempt <= _timing.Attempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(_timing.FirstBackoff * Math.Pow(2, attempt - 2));
            using var timeout = new CancellationTokenSource(_timing.Timeout);
            try
            {
                using var response = await _http.PostAsJsonAsync(url.Target, payload, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    _log.Debug($"Notified {url.Display} of {notice.Kind} {notice.Report.Release}.");
                    _counted?.Invoke("delivered");
                    return;
                }
                problem = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!Retryable(response.StatusCode)) break;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                problem = $"no answer within {_timing.Timeout.TotalSeconds:0.#}s";
            }
            catch (HttpRequestException e)
            {
                // The exception's message may repeat the URL (with its token): say what kind of failure it was instead.
                problem = e.HttpRequestError == HttpRequestError.Unknown ? "the request failed" : $"{e.HttpRequestError}";
            }
        }
        _log.Warn($"Could not notify {url.Display} of {notice.Kind} {notice.Report.Release} in {notice.Report.Environment}: {problem} " +
            $"(gave up after {_timing.Attempts} attempt(s)); the operation itself is unaffected.");
        _counted?.Invoke("failed");
    }

    private static bool Retryable(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout;

    public void Dispose() => _http.Dispose();
}
