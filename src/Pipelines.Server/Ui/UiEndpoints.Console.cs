using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Config;
using Pipelines.Kubernetes;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Server.Access;
using Pipelines.Server.Api;
using Pipelines.Server.Ui.Matrix;
using Pipelines.Server.Ui.Pages;
using Pipelines.Server.Ui.Progress;

namespace Pipelines.Server.Ui;

/// <summary>
/// The release console's pages beyond sign-in: the services × environments matrix, the preview of every action (a dry run and
/// its manifest diff; only the confirm POST acts), operations that answer at once and run in the background, and their
/// progress as Server-Sent Events.
/// </summary>
public sealed partial class UiEndpoints
{
    /// <summary>How many of the newest commits a report is looked for in.</summary>
    private const int HistoryReach = 1000;

    /// <summary>How long an idle event stream waits before a keep-alive comment (proxies close silent connections).</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private Func<EnvironmentConfig, IEnvironmentCluster>? _readCluster;

    private void MapConsole(IEndpointRouteBuilder app, WatchOptions options)
    {
        _readCluster = options.Releases.ReadCluster ?? options.Releases.OpenCluster;
        app.MapGet("/ui/progress.js", () => Results.Text(ProgressScript.Js, "text/javascript; charset=utf-8"));
        app.MapGet("/ui", MatrixAsync);
        app.MapGet("/ui/reports/{release}/events", EventsAsync);
        app.MapGet("/ui/environments/{env}/services/{namespace}/{name}/{operation}/preview", PreviewServiceAsync);
        app.MapGet("/ui/environments/{env}/promote/preview", PreviewPromoteAsync);
    }

    public Task DrainAsync() => _runs.DrainAsync();

    private async Task MatrixAsync(HttpContext context)
    {
        if (SignedIn(context) is not { } session) return;
        await Guarded(context, session, async () =>
        {
            var page = await PageAsync(context, session, "overview");
            // Only the environments this caller may see (PageAsync asked the access rules).
            var environments = (await Reads.EnvironmentsAsync(context.RequestAborted)).Where(e => page.Environments.Contains(e.Name)).ToList();
            // Each environment asks its registry and cluster; together, so the page takes as long as the slowest.
            var statuses = await Task.WhenAll(environments.Select(e => Reads.StatusAsync(e.Name, context.RequestAborted)));
            var history = await Reads.HistoryAsync(null, null, HistoryReach, context.RequestAborted);
            var problems = statuses.SelectMany(s => s.Problems.Select(p => $"{s.Environment}: {p}")).ToList();
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK,
                MatrixPage.Render(page, environments.Select(e => e.Name).ToList(), ServiceMatrix.Rows(statuses, history), problems));
        });
    }

    private async Task PreviewServiceAsync(HttpContext context)
    {
        if (SignedIn(context) is not { } session) return;
        var (env, operation) = (Route(context, "env"), Route(context, "operation"));
        var (ns, name) = (Route(context, "namespace"), Route(context, "name"));
        var service = $"{ns}/{name}";
        var query = context.Request.Query;
        await Guarded(context, session, async () =>
        {
            var page = await PageAsync(context, session, env);
            var message = NullIfEmpty(query["message"]);
            var write = Write(query);
            // A preview shows what only a holder of the operation's role may do: the same check as its Confirm.
            if (await NotAllowedAsync(context, session, env, AccessDecision.Needed(operation, write.Force), $"{operation} of {service}")) return;
            var options = ServiceOperations.For(env, session.Caller, message, dryRun: true);
            if (ServiceOperations.Find(operation, options, service, write) is not { } found)
            {
                await NotFoundAsync(context, page, $"No operation '{operation}'; operations: {ServiceOperations.Names}.");
                return;
            }
            var plan = await found.Run(Reads, context.RequestAborted);
            var fields = new List<(string, string)>();
            if (message is not null) fields.Add(("message", message));
            if (write.Force) fields.Add(("force", "true"));
            if (write.To is { } to) fields.Add(("to", to));
            if (write.Image is { } image) fields.Add(("image", image));
            if (write.Container is { } container) fields.Add(("container", container));
            var choices = operation switch
            {
                "rollback" => RollbackChoices(context.Request.Path, await Reads.HistoryAsync(env, service, 50, context.RequestAborted), write),
                "release" => await TagChoicesAsync(context, env, service, write),
                _ => Html.Empty,
            };
            var preview = new Preview($"{Verb(found.Action)} {service} in {env}", Verb(found.Action).ToLowerInvariant(),
                Html.Path("ui", "environments", env, "services", ns, name, operation), fields, choices, Html.Path("ui", "environments", env), $"Back to {env}");
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK, PreviewPage.Render(page, preview, plan));
        }, back: env);
    }

    private async Task PreviewPromoteAsync(HttpContext context)
    {
        if (SignedIn(context) is not { } session) return;
        var env = Route(context, "env");
        await Guarded(context, session, async () =>
        {
            var page = await PageAsync(context, session, env);
            if (await NotAllowedAsync(context, session, env, AccessDecision.Needed("promote", force: false), "promote")) return;
            var service = NullIfEmpty(context.Request.Query["service"]);
            var message = NullIfEmpty(context.Request.Query["message"]);
            var options = ServiceOperations.For(env, session.Caller, message, dryRun: true);
            var plan = await Reads.PromoteAsync(options, null, service is null ? [] : [service], false, context.RequestAborted);
            var fields = new List<(string, string)>();
            if (service is not null) fields.Add(("service", service));
            if (message is not null) fields.Add(("message", message));
            var preview = new Preview($"Promote {service ?? "every service"} to {env}", "promote", Html.Path("ui", "environments", env, "promote"), fields, Html.Empty,
                Html.Path("ui", "environments", env), $"Back to {env}");
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK, PreviewPage.Render(page, preview, plan));
        }, back: env);
    }

    /// <summary>A GET form that previews the rollback to a chosen earlier release of the service (default: the one before).</summary>
    private static HtmlText RollbackChoices(string path, IReadOnlyList<HistoryEntry> history, ServiceWrite write)
    {
        var releases = history.Where(e => e.Untrusted is null && e.Changes.Count > 0).Skip(1).ToList();
        if (releases.Count == 0) return Html.Empty;
        var options = releases.Select(e =>
        {
            var text = $"{e.Time.ToUniversalTime():yyyy-MM-dd HH:mm} {e.ActionText} {string.Join(", ", e.Changes.Select(c => Pipelines.Images.ImageReference.TagOf(c.To) ?? c.To))} by {CauseText.Who(e.Cause)} ({e.Release})";
            return e.Release == write.To ? Html.Of($"<option value=\"{e.Release}\" selected>{text}</option>") : Html.Of($"<option value=\"{e.Release}\">{text}</option>");
        });
        return Html.Of($"""
            <form class="inline" method="get" action="{path}">
            <label for="to">Roll back to</label>
            <select id="to" name="to"><option value="">the release before</option>{options}</select>
            {(write.Force ? Html.Of($"<input type=\"hidden\" name=\"force\" value=\"true\">") : Html.Empty)}
            <button type="submit">Preview this rollback</button>
            </form>
            """);
    }

    /// <summary>A GET form that previews the release of a chosen tag instead of the newest allowed one.</summary>
    private async Task<HtmlText> TagChoicesAsync(HttpContext context, string env, string service, ServiceWrite write)
    {
        IReadOnlyList<ContainerImages> images;
        try
        {
            images = await Reads.ImagesAsync(env, [service], null, 20, context.RequestAborted);
        }
        catch (Exception e) when (ApiErrors.StatusOf(e) is not null)
        {
            return Html.Of($"<p class=\"muted\">The tags could not be listed ({e.Message}); the newest allowed image is previewed.</p>");
        }
        var options = images.SelectMany(c => c.Shown.Select(choice =>
        {
            var image = $"{c.Repository}:{choice.Image.Tag}";
            var marks = string.Join(", ", new[] { choice.Running ? "running" : null, choice.Rejected is not null ? "rejected" : null, choice.Allowed ? null : "filtered out" }.OfType<string>());
            var text = $"{c.Container}: {choice.Image.Tag}{(marks.Length > 0 ? $" ({marks})" : "")}";
            return image == write.Image ? Html.Of($"<option value=\"{image}\" selected>{text}</option>") : Html.Of($"<option value=\"{image}\">{text}</option>");
        })).ToList();
        if (options.Count == 0) return Html.Empty;
        return Html.Of($"""
            <form class="inline" method="get" action="{context.Request.Path.Value}">
            <label for="image">Release tag</label>
            <select id="image" name="image"><option value="">the newest allowed</option>{options}</select>
            {(write.Force ? Html.Of($"<input type=\"hidden\" name=\"force\" value=\"true\">") : Html.Empty)}
            <button type="submit">Preview this tag</button>
            </form>
            """);
    }

    /// <summary>Names the run before it starts and tells it each step as it happens; an apply starts following the rollout.</summary>
    private (OperationOptions Options, LiveRun Run) Started(OperationOptions options)
    {
        var run = new LiveRun(ReleaseId.New(DateTimeOffset.UtcNow), options.Environment);
        return (options with { Release = run.Release, Progress = step => OnStep(run, step) }, run);
    }

    private void OnStep(LiveRun run, ReportStep step)
    {
        run.Add(step.Kind, ReleaseSteps.Text(step));
        if (step is not ApplyStep { NotDoneBecause: null } apply || _readCluster is not { } open) return;
        _runs.Track(async () =>
        {
            try
            {
                var environment = (await Reads.EnvironmentsAsync(_stopping)).First(e => e.Name == apply.Environment);
                var cluster = open(environment);
                try
                {
                    await RolloutWatch.FollowAsync(run, cluster, apply.Workloads, _stopping);
                }
                finally
                {
                    (cluster as IDisposable)?.Dispose();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                run.Add("progress", $"the rollout cannot be followed live ({e.Message}); the report says how it ended");
            }
            catch (OperationCanceledException)
            {
                // The service is stopping.
            }
        });
    }

    /// <summary>Runs a write in the background and answers at once with a redirect to its report page, which follows it live
    /// (a reload of that page runs nothing again).</summary>
    private void Start(HttpContext context, OperationOptions options, LiveRun run, ReleaseAction action, Func<ReleaseOperations, CancellationToken, Task<ReleaseReport>> operation)
    {
        run.Action = action;
        _runs.Start(run, async () =>
        {
            try
            {
                run.Finish(await _operations.RunAsync(action, operation, _stopping));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                run.Fail(StatusCodes.Status503ServiceUnavailable, "The service stopped before the operation ended; if it committed, the commit is in History.");
            }
            catch (Exception e) when (ApiErrors.StatusOf(e) is { } status)
            {
                run.Fail(status, e.Message);
            }
            catch (Exception e)
            {
                _log.Error($"Web UI: {action} in {options.Environment} failed: {e}");
                run.Fail(StatusCodes.Status500InternalServerError, e.Message);
            }
        });
        SeeOther(context, Html.Path("ui", "reports", run.Release));
    }

    private async Task RunReportAsync(HttpContext context, PageContext page, LiveRun run)
    {
        var (events, _, _) = run.Since(-1);
        if (run.Report is { } report)
        {
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK, ReportPage.Render(page, report, events.Where(e => e.Kind == "progress").Select(e => e.Text).ToList()));
        }
        else if (run.Failure is { } failure)
        {
            await UiAccess.WritePageAsync(context, failure.Status, ErrorPage.Render(failure.Status, failure.Message, page,
                Html.Path("ui", "environments", run.Environment), $"Back to {run.Environment}"));
        }
        else
        {
            await UiAccess.WritePageAsync(context, StatusCodes.Status200OK, RunPage.Render(page, run, events), followsRun: true);
        }
    }

    /// <summary>
    /// The run's events as Server-Sent Events: every step and rollout look since <c>Last-Event-ID</c> (all, at first), then each
    /// as it happens, then <c>done</c> with the report's first line. The stream ends with the run (or the request).
    /// </summary>
    private async Task EventsAsync(HttpContext context)
    {
        if (Session(context) is not { } session)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        // A run of an environment this caller may not see is as unknown to them as one that is not here.
        if (_runs.Find(Route(context, "release")) is not { } run
            || await _access.RefusalAsync(session.Caller, run.Environment, Config.AccessRole.Viewer, "seeing it", context.RequestAborted) is not null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("No such run here: its report is read back from history.", context.RequestAborted);
            return;
        }
        var after = int.TryParse(context.Request.Headers["Last-Event-ID"], out var last) ? last : -1;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // Proxies that buffer (nginx) would hold the events back until the run ends.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;
        try
        {
            await context.Response.Body.FlushAsync(aborted);
            while (true)
            {
                var (events, finished, changed) = run.Since(after);
                var text = new StringBuilder();
                foreach (var e in events)
                {
                    text.Append($"id: {e.Index}\nevent: {(e.Kind == "progress" ? "progress" : "step")}\ndata: {OneLine(e.Text)}\n\n");
                    after = e.Index;
                }
                if (finished)
                {
                    var summary = run.Report is { } report ? ReleaseReportRenderer.Table(report).First() : $"failed: {run.Failure?.Message}";
                    text.Append($"event: done\ndata: {OneLine(summary)}\n\n");
                }
                else if (events.Count == 0)
                {
                    text.Append(": keep-alive\n\n");
                }
                await context.Response.WriteAsync(text.ToString(), aborted);
                await context.Response.Body.FlushAsync(aborted);
                if (finished) return;
                await Task.WhenAny(changed, Task.Delay(KeepAlive, aborted));
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser went away; the run goes on.
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Verb(ReleaseAction action) => action.ToString();


    private static ServiceWrite Write(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var fields = values.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.Ordinal);
        string? Field(string name) => fields.TryGetValue(name, out var value) ? NullIfEmpty(value) : null;
        return new ServiceWrite(Image: Field("image"), Container: Field("container"), Force: Field("force") == "true", To: Field("to"));
    }
}
