using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>
/// Serves <c>?watch=true</c>: one JSON event per line, flushed as it happens. Starts from the given
/// resourceVersion (an ERROR event with 410 Expired when the log no longer reaches it) or, without one or with "0", with
/// synthetic ADDED events for the current objects; sends BOOKMARK events when allowed, and the
/// initial-events-end bookmark for sendInitialEvents.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, TimeSpan bookmarkInterval, CancellationToken serverStopping)
{
    public async Task Serve(HttpContext context, WatchFilter filter, RequestOptions options)
    {
        IReadOnlyList<JsonObject> initial = [];
        WatchSubscription? subscription;
        var fromNow = string.IsNullOrEmpty(options.ResourceVersion) || options.ResourceVersion == "0" || options.SendInitialEvents;
        if (fromNow)
            (initial, subscription) = store.SubscribeFromNow(filter.Kind, filter.Namespace);
        else if (!long.TryParse(options.ResourceVersion, out var from))
        {
            await HttpResults.Write(context, ApiErrors.BadRequest($"invalid resource version: {options.ResourceVersion}"));
            return;
        }
        else if ((subscription = store.Subscribe(from)) is null)
        {
            // As the API server's watch cache does: the watch starts, then ends with one ERROR event carrying 410 Expired.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await Send(context, new JsonObject { ["type"] = "ERROR", ["object"] = ApiErrors.Gone(from, store.Revision).Body.DeepClone() }, context.RequestAborted);
            return;
        }

        using var _ = subscription;
        var timeout = options.TimeoutSeconds is > 0 ? TimeSpan.FromSeconds(options.TimeoutSeconds.Value) : TimeSpan.FromMinutes(30);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        stop.CancelAfter(timeout);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(stop.Token);
        var last = subscription.StartRevision;
        try
        {
            foreach (var obj in initial.Where(filter.Matches))
                await Send(context, WatchFilter.Event(StoredEvent.Added, obj), stop.Token);
            if (options.SendInitialEvents && options.AllowWatchBookmarks)
                await Send(context, filter.Bookmark(subscription.StartRevision, initialEventsEnd: true), stop.Token);
            foreach (var e in subscription.Backlog)
                if (filter.ToEvent(e) is { } ev) await Send(context, ev, stop.Token);
            await context.Response.Body.FlushAsync(stop.Token);

            while (!stop.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                if (options.AllowWatchBookmarks) tick.CancelAfter(bookmarkInterval);
                try
                {
                    var e = await subscription.Live.ReadAsync(tick.Token);
                    last = e.ResourceVersion;
                    if (filter.ToEvent(e) is { } ev) await Send(context, ev, stop.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await Send(context, filter.Bookmark(last), stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the watch timed out: the stream simply ends, as the API server's does.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
        }
    }

    private static async Task Send(HttpContext context, JsonObject ev, CancellationToken token)
    {
        await context.Response.WriteAsync(ev.ToJsonString(HttpResults.Json) + "\n", token);
        await context.Response.Body.FlushAsync(token);
    }
}
