using System.Globalization;
using Pipelines.Releases;

namespace Pipelines.Server.Ui.Pages;

/// <summary>
/// The report of a release this process did not run (the CLI, a CI job, automation, another replica, before a restart), read
/// back from the config repo's history: what the commit changed, who caused it, and how it turned out as far as git knows.
/// Steps and rollout results are not in git; the report of the run that made it printed them.
/// </summary>
public static class HistoryReportPage
{
    public static HtmlText Render(PageContext page, HistoryEntry entry, IReadOnlyList<HistoryEntry> history)
    {
        var outcome = ReleaseOutcome.Of(entry, history, null);
        var ci = CauseText.CiJob(entry.Cause);
        var action = entry.Action.ToString();
        var rows = entry.Changes.Select(c => Html.Of($"<tr data-workload=\"{c.Workload}\"><th scope=\"row\">{c.Workload}</th><td>{c.Container}</td><td>{Html.Image(c.From)} → {Html.Image(c.To)}</td></tr>"));
        return PageLayout.SignedIn($"{action} {entry.Release}", page, Html.Of($"""
            <h1>{action} to {entry.Environment}</h1>
            <p class="muted">Release <code>{entry.Release}</code> · read back from the config repo's history</p>
            <dl class="facts">
            <dt>Outcome</dt><dd class="{outcome.Css}">{outcome.Text}</dd>
            <dt>When</dt><dd>{entry.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</dd>
            <dt>Cause</dt><dd>{CauseText.Who(entry.Cause)}{(ci is null ? Html.Empty : Html.Of($" · <a href=\"{ci}\" rel=\"noreferrer\">CI job</a>"))}</dd>
            <dt id="commit">Commit</dt><dd><code>{entry.Commit}</code> — {entry.Subject}</dd>
            {(entry.RollbackOf is { } of ? Html.Of($"<dt>Rolls back</dt><dd><a href=\"{Html.Path("ui", "reports", of)}\"><code>{of}</code></a></dd>") : Html.Empty)}
            {(entry.Message is { } message ? Html.Of($"<dt>Message</dt><dd>{message}</dd>") : Html.Empty)}
            </dl>
            <h2>Changes</h2>
            {(entry.Changes.Count == 0
                ? Html.Of($"<p class=\"muted\">No image changed{(entry.Workloads.Count > 0 ? Html.Of($": {string.Join(", ", entry.Workloads)}") : Html.Empty)}.</p>")
                : Html.Of($"<table class=\"results\"><thead><tr><th scope=\"col\">Workload</th><th scope=\"col\">Container</th><th scope=\"col\">Change</th></tr></thead><tbody>{rows}</tbody></table>"))}
            <p class="muted">The steps and rollout results of this run are not kept in git: its own output (CLI, CI log) has them.</p>
            <p><a href="{Html.Path("ui", "environments", entry.Environment)}">Back to {entry.Environment}</a> · <a href="/ui/history">History</a></p>
            """));
    }
}
