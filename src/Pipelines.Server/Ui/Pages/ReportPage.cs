using Pipelines.Releases;

namespace Pipelines.Server.Ui.Pages;

/// <summary>What an operation did, step by step, and a row per workload: the report <c>--output json</c> prints, as a page.</summary>
public static class ReportPage
{
    /// <param name="seen">What the run's live page showed as it went (the rollout's looks among the steps), for an operation this
    /// process followed; empty otherwise.</param>
    public static HtmlText Render(PageContext page, ReleaseReport report, IReadOnlyList<string>? seen = null)
    {
        var action = report.Action.ToString();
        return PageLayout.SignedIn($"{action} {report.Release}", page, Html.Of($"""
            <h1>{action} to {report.Environment}</h1>
            <p class="muted">Release <code>{report.Release}</code>{(report.Commit is { } commit ? Html.Of($" · commit <code id=\"commit\" title=\"{commit}\">{commit[..Math.Min(7, commit.Length)]}</code>") : Html.Empty)}</p>
            <p role="status" class="{(report.AnyFailed ? "status-failed" : "")}">{ReleaseReportRenderer.Table(report).First()}</p>
            <h2>What happened</h2>
            {(report.Steps.Count == 0 ? Html.Of($"<p class=\"muted\">Nothing to do.</p>") : Html.Of($"<ol class=\"steps\">{report.Steps.Select(s => Html.Of($"<li>{ReleaseSteps.Text(s)}</li>"))}</ol>"))}
            {Results(report)}
            {(seen is { Count: > 0 } ? Html.Of($"<details class=\"seen\"><summary>The rollout as it went</summary><ol>{seen.Select(s => Html.Of($"<li data-kind=\"progress\">{s}</li>"))}</ol></details>") : Html.Empty)}
            <p><a href="{Html.Path("ui", "environments", report.Environment)}">Back to {report.Environment}</a> · <a href="/ui/history">History</a></p>
            """));
    }

    /// <summary>A row per workload the operation was asked about, with its status, change and reason.</summary>
    public static HtmlText Results(ReleaseReport report)
    {
        // Workloads an operation was not asked about are noise here too, as in the text table; the JSON keeps them.
        var shown = report.Results.Where(r => r.Reason != SkipReason.NotIncluded).ToList();
        var hidden = report.Results.Count - shown.Count;
        return Html.Of($"""
            <h2>Workloads</h2>
            <table class="results">
            <thead><tr><th scope="col">Workload</th><th scope="col">Status</th><th scope="col">Container</th><th scope="col">Change</th><th scope="col">Reason</th></tr></thead>
            <tbody>{shown.SelectMany(Rows)}</tbody>
            </table>
            {(hidden > 0 ? Html.Of($"<p class=\"muted\">{hidden} other workload(s) of {report.Environment} not included.</p>") : Html.Empty)}
            """);
    }

    private static IEnumerable<HtmlText> Rows(WorkloadResult result)
    {
        var status = result.Status.ToString().ToLowerInvariant();
        if (result.Changes.Count == 0)
        {
            yield return Html.Of($"<tr data-workload=\"{result.Workload}\"><th scope=\"row\">{result.Workload}</th><td class=\"status-{status}\">{status}</td><td></td><td></td><td>{result.Reason}</td></tr>");
            yield break;
        }
        for (var i = 0; i < result.Changes.Count; i++)
        {
            var change = result.Changes[i];
            yield return i == 0
                ? Html.Of($"<tr data-workload=\"{result.Workload}\"><th scope=\"row\">{result.Workload}</th><td class=\"status-{status}\">{status}</td><td>{change.Container}</td><td>{Html.Image(change.From)} → {Html.Image(change.To)}</td><td>{result.Reason}</td></tr>")
                : Html.Of($"<tr><td></td><td></td><td>{change.Container}</td><td>{Html.Image(change.From)} → {Html.Image(change.To)}</td><td></td></tr>");
        }
    }
}
