using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Releases;

/// <summary>A release report as text for people (what happened, step by step, then a row per workload) and as
/// JSON for scripts, from the same <see cref="ReleaseReport"/>.</summary>
public static class ReleaseReportRenderer
{
    public static IEnumerable<string> Table(ReleaseReport report)
    {
        var action = report.Action.ToString();
        yield return report.DryRun
            ? $"{action} {report.Release} to {report.Environment} (dry run): nothing committed."
            : report.Pushed
                ? $"{action} {report.Release} to {report.Environment}: commit {report.Commit![..7]} pushed" + (report.Branch is null ? "." : $" to {report.Branch}.")
                : $"{action} {report.Release} to {report.Environment}: nothing to commit.";
        if (report.Steps.Count > 0)
        {
            yield return "What happened:";
            for (var i = 0; i < report.Steps.Count; i++) yield return $"  {i + 1}. {report.Steps[i]}";
        }
        // Workloads a release was not asked about are noise in a table; the JSON keeps them.
        var shown = report.Results.Where(r => r.Reason != SkipReason.NotIncluded).ToList();
        var rows = new List<string[]> { new[] { "WORKLOAD", "CONTAINER", "STATUS", "CHANGE" } };
        foreach (var result in shown)
        {
            if (result.Changes.Count == 0)
            {
                rows.Add([result.Workload, "", Status(result), result.Reason ?? ""]);
                continue;
            }
            rows.AddRange(result.Changes.Select((c, i) => new[] { i == 0 ? result.Workload : "", c.Container, i == 0 ? Status(result) : "", $"{c.From} -> {c.To}" }));
            // A changed workload's reason (why its rollout failed or is pending) is long: it gets a line of its own
            // under the change, so that it does not widen the STATUS column of every other row.
            if (result.Reason is not null) rows.Add(["", "", "", "↳ " + result.Reason]);
        }
        if (shown.Count > 0)
        {
            var widths = Enumerable.Range(0, 4).Select(col => rows.Max(r => r[col].Length)).ToArray();
            foreach (var row in rows) yield return string.Join("  ", row.Select((cell, col) => cell.PadRight(widths[col]))).TrimEnd();
        }
        var hidden = report.Results.Count - shown.Count;
        if (hidden > 0) yield return $"({hidden} other workload{(hidden == 1 ? "" : "s")} of {report.Environment} not included.)";
    }

    public static string Json(ReleaseReport report) => new JsonObject
    {
        ["release"] = report.Release,
        ["action"] = report.Action.ToString().ToLowerInvariant(),
        ["environment"] = report.Environment,
        ["commit"] = report.Commit,
        ["pushed"] = report.Pushed,
        ["branch"] = report.Branch,
        ["dryRun"] = report.DryRun,
        ["steps"] = new JsonArray(report.Steps.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        ["results"] = new JsonArray(report.Results.Select(r => (JsonNode)new JsonObject
        {
            ["workload"] = r.Workload,
            ["status"] = r.Status.ToString().ToLowerInvariant(),
            ["reason"] = r.Reason,
            ["changes"] = new JsonArray(r.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["container"] = c.Container,
                ["from"] = c.From,
                ["to"] = c.To,
            }).ToArray()),
        }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string Status(WorkloadResult result) => result.Status.ToString().ToLowerInvariant();
}
