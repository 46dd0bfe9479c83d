using Pipelines.Reporting;

namespace Pipelines.Releases;

/// <summary>A release report as text for people (what happened, step by step, then a row per workload) and as
/// JSON for scripts, from the same <see cref="ReleaseReport"/>.</summary>
public static class ReleaseReportRenderer
{
    public static IEnumerable<string> Table(ReleaseReport report)
    {
        var action = report.Action.ToString();
        if (report.Action == ReleaseAction.Sync)
        {
            foreach (var line in SyncLines(report)) yield return line;
            yield break;
        }
        yield return report.DryRun
            ? $"{action} {report.Release} to {report.Environment} (dry run): nothing committed."
            : report.Pushed
                ? $"{action} {report.Release} to {report.Environment}: commit {report.Commit![..7]} pushed" + (report.Branch is null ? "." : $" to {report.Branch}.")
                : $"{action} {report.Release} to {report.Environment}: nothing to commit.";
        if (report.Steps.Count > 0)
        {
            yield return "What happened:";
            for (var i = 0; i < report.Steps.Count; i++) yield return $"  {i + 1}. {ReleaseSteps.Text(report.Steps[i])}";
        }
        if (report.Objects.Count > 0)
        {
            yield return report.DryRun ? "Objects (server-side dry run):" : "Objects:";
            foreach (var o in report.Objects) yield return $"  {o.Object}{(o.Namespace is null ? "" : $" in {o.Namespace}")} {(report.DryRun ? "would be " : "")}{o.Action}";
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
            foreach (var line in TextTable.Format(rows)) yield return line;
        }
        var hidden = report.Results.Count - shown.Count;
        if (hidden > 0) yield return $"({hidden} other workload{(hidden == 1 ? "" : "s")} of {report.Environment} not included.)";
    }

    public static string Json(ReleaseReport report) => ResultJson.Report(report).ToJsonString(ResultJson.Indented);

    // Sync changes objects, not images: the counts first (as kubectl apply sums up), then what changed, then any rollout that failed.
    private static IEnumerable<string> SyncLines(ReleaseReport report)
    {
        var counts = string.Join(", ", new[] { "created", "configured", "unchanged" }.Select(a => $"{report.Objects.Count(o => o.Action == a)} {a}"));
        var pruned = report.Objects.Count(o => o.Action == "pruned");
        yield return $"Sync of {report.Environment} at {(report.Commit is null ? "(empty)" : report.Commit[..7])}{(report.DryRun ? " (dry run)" : "")}: {counts}" +
            (report.Steps.OfType<SyncStep>().Any(s => s.Outcomes.ContainsKey("pruned")) ? $", {pruned} pruned" : "") + ".";
        foreach (var o in report.Objects.Where(o => o.Action != "unchanged")) yield return $"  {o.Action} {o.Object}{(o.Namespace is null ? "" : $" in {o.Namespace}")}";
        if (report.Steps.Count > 0)
        {
            yield return "What happened:";
            for (var i = 0; i < report.Steps.Count; i++) yield return $"  {i + 1}. {ReleaseSteps.Text(report.Steps[i])}";
        }
        foreach (var failed in report.Results.Where(r => r.Status == WorkloadStatus.Failed)) yield return $"{failed.Workload}: {failed.Reason}";
    }

    private static string Status(WorkloadResult result) => result.Status.ToString().ToLowerInvariant();
}
