using System.Globalization;
using Pipelines.Reporting;

namespace Pipelines.Releases;

/// <summary>History as a table for people and as JSON for scripts, from the same entries.</summary>
public static class HistoryReport
{
    public static IEnumerable<string> Table(IReadOnlyList<HistoryEntry> entries, OutputFormat output = OutputFormat.Text, int width = TextTable.Unlimited)
    {
        if (entries.Count == 0)
        {
            yield return "No releases yet.";
            yield break;
        }
        var images = ImageText.For(entries.SelectMany(e => e.Changes).SelectMany(c => new[] { c.From, c.To }), output);
        // As kubectl leaves NAMESPACE out when one is asked for: one environment (History -e) needs no column saying so.
        var environments = entries.Select(e => e.Environment).Distinct().Count() > 1;
        var rows = entries.SelectMany(e => Lines(e, images).Select((line, i) => new[]
        {
            i == 0 ? e.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
            i == 0 ? e.Release : "",
            i == 0 ? e.ActionText : "",
            i == 0 ? e.Environment : null,
            line.Workload,
            i == 0 ? e.Cause : "",
            line.Change,
        }.Where((_, col) => col != 3 || environments).Select(cell => cell ?? "").ToArray()))
            .Prepend(environments ? ["TIME", "RELEASE", "ACTION", "ENVIRONMENT", "WORKLOAD", "CAUSE", "CHANGE"] : ["TIME", "RELEASE", "ACTION", "WORKLOAD", "CAUSE", "CHANGE"])
            .ToList();
        // The time and the release id stay whole (an id cut is no use to Rollback --to); CHANGE is last: what changed (images
        // from -> to, or why a commit is not believed) wraps rather than being cut. Below about 110 columns the table is wider
        // than the terminal rather than lose them.
        foreach (var line in TextTable.Format(rows, width, new(Whole: true), new(Whole: true))) yield return line;
    }

    // A line per changed container; a policy commit changes none, so a line per workload saying what changed instead.
    private static IEnumerable<(string Workload, string Change)> Lines(HistoryEntry entry, ImageText images)
    {
        if (entry.Untrusted is not null) return [(string.Join(", ", entry.Workloads), entry.Untrusted)];
        if (entry.Changes.Count > 0) return entry.Changes.Select(c => ($"{c.Workload} {c.Container}", $"{images.Show(c.From)} -> {images.Show(c.To)}"));
        if (entry.Workloads.Count == 0) return [("", "")];
        var change = PolicyChangeText(entry);
        return entry.Workloads.Select(w => (w, change));
    }

    private static string PolicyChangeText(HistoryEntry entry) => entry.Action switch
    {
        ReleaseAction.Lock => "locked" + (entry.Message is null ? "" : $": {entry.Message.ReplaceLineEndings(" ")}"),
        ReleaseAction.Unlock => "unlocked",
        ReleaseAction.Automate => "automated",
        ReleaseAction.Deautomate => "not automated",
        // The subject ends with the tag filter: "Policy sock-shop/carts in staging: semver:~1.2".
        ReleaseAction.Policy when entry.Subject.Contains(": ", StringComparison.Ordinal) => "tag filter " + entry.Subject.Split(": ", 2)[1],
        _ => "",
    };

    public static string Json(IReadOnlyList<HistoryEntry> entries) => Documents.ResultWriter.Json(ReleaseDocuments.History(entries));
}
