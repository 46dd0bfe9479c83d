using Pipelines.Server.Ui.Progress;

namespace Pipelines.Server.Ui.Pages;

/// <summary>
/// The report page of an operation still running: the steps so far, and the rollout as it moves. A small script
/// (<see cref="ProgressScript"/>) follows the run's Server-Sent Events and shows the full report when it ends; without
/// scripts the page refreshes itself every two seconds instead.
/// </summary>
public static class RunPage
{
    public static HtmlText Render(PageContext page, LiveRun run, IReadOnlyList<RunEvent> events)
    {
        var title = $"{run.Action} to {run.Environment}";
        return PageLayout.SignedIn(title, page, Html.Of($"""
            <h1>{title}</h1>
            <p class="muted">Release <code>{run.Release}</code> · running</p>
            <p role="status" id="run-status" aria-live="polite">Running: the steps appear as they happen; this page shows the report when it ends.</p>
            <h2>What happened so far</h2>
            <ol class="steps" id="steps" data-events="{Html.Path("ui", "reports", run.Release, "events")}">{events.Select(Event)}</ol>
            <script src="/ui/progress.js" defer></script>
            <p><a href="{Html.Path("ui", "environments", run.Environment)}">Back to {run.Environment}</a> · <a href="/ui/history">History</a></p>
            """), head: Html.Of($"<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"));
    }

    public static HtmlText Event(RunEvent e) => Html.Of($"<li data-kind=\"{e.Kind}\">{e.Text}</li>");
}
