using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Releases;

/// <summary>A release report as a table for people and as JSON for scripts.</summary>
public static class ReleaseReportRenderer
{
    public static IEnumerable<string> Table(ReleaseReport report)
    {
        yield return report.Pushed
            ? $"Release {report.Release} to {report.Environment}: commit {report.Commit![..7]} pushed."
            : $"Release {report.Release} to {report.Environment}: nothing to commit.";
        var rows = new List<string[]> { new[] { "WORKLOAD", "CONTAINER", "STATUS", "CHANGE" } };
        foreach (var result in report.Results)
        {
            if (result.Changes.Count == 0)
            {
                rows.Add([result.Workload, "", Status(result), result.Reason ?? ""]);
                continue;
            }
            rows.AddRange(result.Changes.Select((c, i) => new[] { i == 0 ? result.Workload : "", c.Container, i == 0 ? Status(result) : "", $"{c.From} -> {c.To}" }));
        }
        var widths = Enumerable.Range(0, 4).Select(col => rows.Max(r => r[col].Length)).ToArray();
        foreach (var row in rows) yield return string.Join("  ", row.Select((cell, col) => cell.PadRight(widths[col]))).TrimEnd();
    }

    public static string Json(ReleaseReport report) => new JsonObject
    {
        ["release"] = report.Release,
        ["environment"] = report.Environment,
        ["commit"] = report.Commit,
        ["pushed"] = report.Pushed,
        ["results"] = new JsonArray(report.Results.Select(r => (JsonNode)new JsonObject
        {
            ["workload"] = r.Workload,
            ["status"] = r.Status.ToString().ToLowerInvariant(),
            ["reason"] = r.Reason,
            ["containers"] = new JsonArray(r.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["container"] = c.Container,
                ["from"] = c.From,
                ["to"] = c.To,
            }).ToArray()),
        }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string Status(WorkloadResult result) => result.Status.ToString().ToLowerInvariant() + (result.Reason is not null && result.Changes.Count > 0 ? $" ({result.Reason})" : "");
}
