using Pipelines.Reporting;

namespace Pipelines.Releases;

/// <summary>A release report as text for people (what happened, step by step, then a row per workload) and as
/// JSON for scripts, from the same <see cref="ReleaseReport"/>.</summary>
public static class ReleaseReportRenderer
{
    /// <param name="took">How long the operation took, for the closing "Took N s" (as fluxctl ends); null: no such line.</param>
    /// <param name="output"><see cref="OutputFormat.Wide"/>: every row, every image reference whole.</param>
    /// <param name="width">The widest a table line may be (the terminal's); <see cref="TextTable.Unlimited"/> for none.</param>
    /// <remarks>Only the table is fitted: the lines around it (the headline, the steps) are prose a terminal wraps by itself, and
    /// that a CI log keeps whole for grep and copy.</remarks>
    public static IEnumerable<string> Table(ReleaseReport report, TimeSpan? took = null, OutputFormat output = OutputFormat.Text, int width = TextTable.Unlimited)
    {
        var wide = output == OutputFormat.Wide;
        var images = ImageText.For(report.Results.SelectMany(r => r.Changes).SelectMany(c => new[] { c.From, c.To }), output);
        var action = report.Action.ToString();
        if (report.Action == ReleaseAction.Sync)
        {
            foreach (var line in SyncLines(report)) yield return line;
            if (took is { } syncTook) yield return Took(syncTook);
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
        // What changed and what failed come first; skips that need a reader (a lock, an image missing) follow; the routine
        // ones (up to date, not automated, not asked about) are counted in one line: with 50 workloads, 49 rows of "up to
        // date" would bury the one change. The JSON keeps every row.
        var shown = report.Results.Where(r => wide || !IsRoutine(r)).OrderBy(Rank).ToList();
        var rows = new List<string[]> { new[] { "WORKLOAD", "CONTAINER", "STATUS", "CHANGE" } };
        foreach (var result in shown)
        {
            if (result.Changes.Count == 0)
            {
                rows.Add([result.Workload, "", Status(result), result.Reason ?? ""]);
                continue;
            }
            rows.AddRange(result.Changes.Select((c, i) => new[] { i == 0 ? result.Workload : "", c.Container, i == 0 ? Status(result) : "", $"{images.Show(c.From)} -> {images.Show(c.To)}" }));
            // A changed workload's reason (why its rollout failed or is pending) is long: it gets a line of its own
            // under the change, so that it does not widen the STATUS column of every other row.
            if (result.Reason is not null) rows.Add(["", "", "", "↳ " + result.Reason]);
        }
        if (shown.Count > 0)
        {
            foreach (var line in TextTable.Format(rows, width)) yield return line;
        }
        var routine = report.Results.Where(r => !wide && IsRoutine(r)).GroupBy(r => r.Reason).OrderBy(g => Array.IndexOf(Routine, g.Key)).Select(g => $"{g.Count()} {g.Key}").ToList();
        if (routine.Count > 0) yield return $"Unchanged: {string.Join(", ", routine)} (--output json lists each).";
        if (took is { } duration) yield return Took(duration);
    }

    private static string Took(TimeSpan duration) => $"Took {duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s";

    // The skips a reader needs no row for, in the order the summary names them.
    private static readonly string[] Routine =
        [SkipReason.UpToDate, SkipReason.NotAutomated, SkipReason.Excluded, SkipReason.DoesNotUseImage, SkipReason.Ignored, SkipReason.NotIncluded];

    private static bool IsRoutine(WorkloadResult result) =>
        result.Status == WorkloadStatus.Skipped && result.Changes.Count == 0 && Routine.Contains(result.Reason);

    private static int Rank(WorkloadResult result) =>
        result.Status == WorkloadStatus.Failed ? 0 : result.Changes.Count > 0 ? 1 : 2;

    public static string Json(ReleaseReport report) => Documents.ResultWriter.Json(ReleaseDocuments.Report(report));

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
