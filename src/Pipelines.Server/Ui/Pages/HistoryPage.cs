using System.Globalization;
using Pipelines.Releases;

namespace Pipelines.Server.Ui.Pages;

/// <summary>The tool's commits, newest first, as <c>GET /api/history</c> (and the History target) gives them, with a filter form.</summary>
public static class HistoryPage
{
    /// <param name="hasReport">Whether a release's report page is still kept (operations run from this UI recently).</param>
    public static HtmlText Render(PageContext page, IReadOnlyList<HistoryEntry> entries, string? environment, string? service, int limit, Func<string, bool> hasReport)
    {
        var options = page.Environments.Select(e => e == environment
            ? Html.Of($"<option value=\"{e}\" selected>{e}</option>")
            : Html.Of($"<option value=\"{e}\">{e}</option>"));
        return PageLayout.SignedIn("History", page, Html.Of($"""
            <h1>History</h1>
            <form class="inline" method="get" action="/ui/history">
            <label for="environment">Environment</label>
            <select id="environment" name="environment"><option value="">all</option>{options}</select>
            <label for="service">Service</label>
            <input type="text" id="service" name="service" value="{service}" placeholder="namespace/name or name">
            <label for="limit">Limit</label>
            <input type="text" id="limit" name="limit" value="{limit}" inputmode="numeric" size="4">
            <button type="submit">Filter</button>
            </form>
            {(entries.Count == 0 ? Html.Of($"<p>No releases yet.</p>") : Table(entries, hasReport))}
            """));
    }

    private static HtmlText Table(IReadOnlyList<HistoryEntry> entries, Func<string, bool> hasReport) => Html.Of($"""
        <table class="history">
        <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Release</th><th scope="col">Action</th><th scope="col">Environment</th><th scope="col">Workload</th><th scope="col">Container</th><th scope="col">Change</th><th scope="col">Cause</th><th scope="col">Commit</th></tr></thead>
        {entries.Select(e => Entry(e, hasReport))}
        </table>
        """);

    private static HtmlText Entry(HistoryEntry entry, Func<string, bool> hasReport)
    {
        var time = entry.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var release = hasReport(entry.Release)
            ? Html.Of($"<a href=\"{Html.Path("ui", "reports", entry.Release)}\"><code>{entry.Release}</code></a>")
            : Html.Of($"<code>{entry.Release}</code>");
        var span = Math.Max(1, entry.Changes.Count);
        var shared = Html.Of($"""
            <td rowspan="{span}">{time}</td><td rowspan="{span}">{release}{(entry.RollbackOf is { } of ? Html.Of($"<br><span class=\"muted\">rollback of {of}</span>") : Html.Empty)}</td>
            <td rowspan="{span}">{entry.ActionText}</td><td rowspan="{span}">{entry.Environment}</td>
            """);
        var tail = Html.Of($"<td rowspan=\"{span}\">{entry.Cause}</td><td rowspan=\"{span}\"><code>{entry.Commit[..Math.Min(7, entry.Commit.Length)]}</code></td>");
        if (entry.Changes.Count == 0)
        {
            return Html.Of($"<tbody data-release=\"{entry.Release}\"><tr>{shared}<td colspan=\"3\" class=\"muted\">{entry.Subject}{(entry.Untrusted is { } why ? Html.Of($"<br>untrusted: {why}") : Html.Empty)}</td>{tail}</tr></tbody>");
        }
        var rows = entry.Changes.Select((c, i) => Html.Of($"""
            <tr>{(i == 0 ? shared : Html.Empty)}<td>{c.Workload}</td><td>{c.Container}</td><td><code>{c.From}</code> → <code>{c.To}</code></td>{(i == 0 ? tail : Html.Empty)}</tr>
            """));
        return Html.Of($"<tbody data-release=\"{entry.Release}\">{rows}</tbody>");
    }
}
