using System.Globalization;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Reporting;

namespace Pipelines.Server.Ui.Pages;

/// <summary>
/// The tool's commits, newest first, as <c>GET /api/history</c> (and the History target) gives them, with a filter form: one
/// line per change, images compact (host and digest cut, a digest shown on hover) so that it reads at 1024 px, an outcome,
/// a link to each release's report (read back from history) and to its CI job when the cause names one.
/// </summary>
public static class HistoryPage
{
    /// <param name="reportOf">This process's report of a release it ran, for the outcome; null for the others.</param>
    /// <param name="commitUrl">The git host's page of a commit, <c>{commit}</c> standing for its id (<c>--commit-url</c>); null:
    /// a commit links to its release's report.</param>
    public static HtmlText Render(PageContext page, IReadOnlyList<HistoryEntry> entries, string? environment, string? service, int limit, Func<string, ReleaseReport?> reportOf,
        string? commitUrl = null)
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
            {(entries.Count == 0 ? Html.Of($"<p>No releases yet.</p>") : Table(entries, reportOf, commitUrl))}
            """));
    }

    private static HtmlText Table(IReadOnlyList<HistoryEntry> entries, Func<string, ReleaseReport?> reportOf, string? commitUrl)
    {
        var images = ImageText.For(entries.SelectMany(e => e.Changes).SelectMany(c => new[] { c.From, c.To }));
        return Html.Of($"""
            <table class="history">
            <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Release</th><th scope="col">Action</th><th scope="col">Environment</th><th scope="col">Workload</th><th scope="col">Change</th><th scope="col">Outcome</th><th scope="col">Cause</th><th scope="col">Commit</th></tr></thead>
            {entries.Select(e => Entry(e, entries, reportOf(e.Release), images, commitUrl))}
            </table>
            """);
    }

    private static HtmlText Entry(HistoryEntry entry, IReadOnlyList<HistoryEntry> all, ReleaseReport? report, ImageText images, string? commitUrl)
    {
        var time = entry.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var reportHref = Html.Path("ui", "reports", entry.Release);
        var release = Html.Of($"<a href=\"{reportHref}\" title=\"{entry.Release}\"><code>{Short(entry.Release)}</code></a>{(entry.RollbackOf is { } of ? Html.Of($"<br><span class=\"muted\">of <a href=\"{Html.Path("ui", "reports", of)}\" title=\"{of}\">{Short(of)}</a></span>") : Html.Empty)}");
        var outcome = ReleaseOutcome.Of(entry, all, report);
        var span = Math.Max(1, entry.Changes.Count);
        var shared = Html.Of($"""
            <td rowspan="{span}">{time}</td><td rowspan="{span}">{release}</td>
            <td rowspan="{span}">{entry.ActionText}</td><td rowspan="{span}">{entry.Environment}</td>
            """);
        var ci = CauseText.CiJob(entry.Cause);
        var tail = Html.Of($"""
            <td rowspan="{span}" class="{outcome.Css}">{outcome.Text}</td>
            <td rowspan="{span}">{CauseText.Who(entry.Cause)}{(ci is null ? Html.Empty : Html.Of($" · <a href=\"{ci}\" rel=\"noreferrer\">CI job</a>"))}</td>
            <td rowspan="{span}"><a href="{(commitUrl is null ? $"{reportHref}#commit" : commitUrl.Replace("{commit}", Uri.EscapeDataString(entry.Commit), StringComparison.Ordinal))}" title="{entry.Commit}"><code>{entry.Commit[..Math.Min(7, entry.Commit.Length)]}</code></a></td>
            """);
        if (entry.Changes.Count == 0)
        {
            return Html.Of($"<tbody data-release=\"{entry.Release}\"><tr>{shared}<td colspan=\"2\" class=\"muted\">{entry.Subject}{(entry.Untrusted is { } why ? Html.Of($"<br>untrusted: {why}") : Html.Empty)}</td>{tail}</tr></tbody>");
        }
        var rows = entry.Changes.Select((c, i) => Html.Of($"""
            <tr>{(i == 0 ? shared : Html.Empty)}<td>{Workload(c)}</td><td>{Change(c, images)}</td>{(i == 0 ? tail : Html.Empty)}</tr>
            """));
        return Html.Of($"<tbody data-release=\"{entry.Release}\">{rows}</tbody>");
    }

    /// <summary><c>sock-shop/carts</c>, with the container when it is not named as the workload.</summary>
    private static HtmlText Workload(ContainerChange change)
    {
        var name = change.Workload.Split(':', 2) is [var ns, var rest] ? $"{ns}/{rest.Split('/').Last()}" : change.Workload;
        return change.Workload.EndsWith("/" + change.Container, StringComparison.Ordinal) ? Html.Of($"{name}") : Html.Of($"{name} <span class=\"muted\">{change.Container}</span>");
    }

    /// <summary><c>shop/carts:1.0.0 → 1.2.0</c>: the target only by tag when the repository stays the same.</summary>
    private static HtmlText Change(ContainerChange change, ImageText images)
    {
        var from = ImageReference.WithoutDigest(images.Show(change.From));
        var sameRepository = Repository(change.From) == Repository(change.To);
        var to = sameRepository && ImageReference.TagOf(change.To) is { } tag ? tag : ImageReference.WithoutDigest(images.Show(change.To));
        return Html.Of($"<code title=\"{change.From}\">{from}</code> → <code title=\"{change.To}\">{to}</code>");
    }

    private static string Repository(string image)
    {
        var text = ImageReference.WithoutDigest(image);
        var colon = text.LastIndexOf(':');
        return colon > text.LastIndexOf('/') ? text[..colon] : text;
    }

    /// <summary>A release id cut for the table (<c>rel-01jd3k…</c> is 30 characters); the whole id is on hover and in the link.</summary>
    private static string Short(string release) => release.Length > 14 ? release[..14] + "…" : release;
}
