using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipelines.Kubernetes;
using Pipelines.ReleaseManager;

namespace Pipelines.Server.Sync;

/// <summary>
/// The last interval sync of each environment, and the last one that corrected drift (a clean sync a minute later must
/// not hide what was found), for <c>GET /api/environments/{env}/drift</c>.
/// </summary>
public sealed class DriftRecords
{
    private readonly ConcurrentDictionary<string, SyncReport> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SyncReport> _lastCorrection = new(StringComparer.Ordinal);

    public void Record(string environment, SyncReport report)
    {
        _last[environment] = report;
        if (report.Corrected) _lastCorrection[environment] = report;
    }

    /// <summary><c>lastSync</c> and <c>lastCorrection</c> are null until there was one (always, with <c>--sync-interval</c> off).</summary>
    public JsonObject Json(string environment) => new()
    {
        ["environment"] = environment,
        ["lastSync"] = _last.GetValueOrDefault(environment) is { } last ? Sync(last) : null,
        ["lastCorrection"] = _lastCorrection.GetValueOrDefault(environment) is { } corrected ? Sync(corrected) : null,
    };

    private static JsonObject Sync(SyncReport report)
    {
        var drift = JsonNode.Parse(DriftReport.Json(report.Drift))!.AsObject();
        // Nested in the environment's record: the environment and the document's header are said once, above.
        foreach (var header in new[] { "apiVersion", "kind", "environment" }) drift.Remove(header);
        drift["at"] = report.At.ToString("O");
        drift["corrected"] = report.Corrected;
        drift["applied"] = report.Applied is null ? null : new JsonObject
        {
            ["created"] = report.Applied.Count(a => a.Action == ApplyAction.Created),
            ["configured"] = report.Applied.Count(a => a.Action == ApplyAction.Configured),
            ["unchanged"] = report.Applied.Count(a => a.Action == ApplyAction.Unchanged),
        };
        return drift;
    }
}
