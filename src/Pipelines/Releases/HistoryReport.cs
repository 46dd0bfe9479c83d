using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Releases;

/// <summary>History as a table for people and as JSON for scripts, from the same entries.</summary>
public static class HistoryReport
{
    public static IEnumerable<string> Table(IReadOnlyList<HistoryEntry> entries)
    {
        if (entries.Count == 0)
        {
            yield return "No releases yet.";
            yield break;
        }
        var rows = entries.SelectMany(e => (e.Changes.Count == 0 ? [null] : e.Changes.Cast<ContainerChange?>()).Select((c, i) => new[]
        {
            i == 0 ? e.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
            i == 0 ? e.Release : "",
            i == 0 ? e.Action.ToString().ToLowerInvariant() : "",
            i == 0 ? e.Environment : "",
            c is null ? "" : $"{c.Workload} {c.Container}",
            c is null ? "" : $"{c.From} -> {c.To}",
            i == 0 ? e.Cause : "",
        })).Prepend(["TIME", "RELEASE", "ACTION", "ENVIRONMENT", "WORKLOAD", "CHANGE", "CAUSE"]).ToList();
        var widths = Enumerable.Range(0, 7).Select(col => rows.Max(r => r[col].Length)).ToArray();
        foreach (var row in rows) yield return string.Join("  ", row.Select((cell, col) => cell.PadRight(widths[col]))).TrimEnd();
    }

    public static string Json(IReadOnlyList<HistoryEntry> entries) =>
        new JsonArray(entries.Select(e => (JsonNode)new JsonObject
        {
            ["release"] = e.Release,
            ["action"] = e.Action.ToString().ToLowerInvariant(),
            ["environment"] = e.Environment,
            ["changes"] = new JsonArray(e.Changes.Select(c => (JsonNode)new JsonObject
            {
                ["workload"] = c.Workload,
                ["container"] = c.Container,
                ["from"] = c.From,
                ["to"] = c.To,
            }).ToArray()),
            ["cause"] = e.Cause,
            ["commit"] = e.Commit,
            ["time"] = e.Time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["rollbackOf"] = e.RollbackOf,
        }).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
