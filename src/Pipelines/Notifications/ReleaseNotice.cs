using Pipelines.Releases;

namespace Pipelines.Notifications;

/// <summary>
/// What a notification tells: a finished operation's report (STYLE.md: one result model, many renderers), who caused
/// it, and whether automation did. Sent for every commit made (release, automated release, rollback, promote, lock,
/// unlock, automate, deautomate) and for every failed rollout; not for dry runs or runs with nothing to commit.
/// </summary>
public sealed record ReleaseNotice(ReleaseReport Report, string Cause, bool Automated, string? Message = null)
{
    /// <summary>Whether an operation's report is worth telling people about.</summary>
    public static bool Worth(ReleaseReport report) => !report.DryRun && (report.Pushed || report.AnyFailed);

    /// <summary><c>release</c>, <c>automated-release</c>, <c>rollback</c>, <c>promote</c>, <c>lock</c>, <c>unlock</c>, … (the JSON's <c>kind</c>).</summary>
    public string Kind => Automated && Report.Action == ReleaseAction.Release ? "automated-release" : Report.Action.ToString().ToLowerInvariant();

    public bool Failed => Report.AnyFailed;

    /// <summary>The workloads that changed or failed; skipped ones (locked, up to date, not asked about) are left out.</summary>
    public IReadOnlyList<WorkloadResult> Workloads => Report.Results.Where(r => r.Status != WorkloadStatus.Skipped).ToList();

    /// <summary>One line for people, e.g. <c>Automated release rel-… in staging succeeded: sock-shop:deployment/carts (commit 3c5e1a2, by automation)</c>.</summary>
    public string Summary
    {
        get
        {
            var what = Kind switch
            {
                "automated-release" => "Automated release",
                var k => char.ToUpperInvariant(k[0]) + k[1..],
            };
            var workloads = Workloads.Select(w => w.Workload).ToList();
            var names = workloads.Count == 0 ? "no workload" : string.Join(", ", workloads.Take(5)) + (workloads.Count > 5 ? $" and {workloads.Count - 5} more" : "");
            var commit = Report.Commit is null || !Report.Pushed ? "" : $"commit {Report.Commit[..Math.Min(7, Report.Commit.Length)]}, ";
            return $"{what} {Report.Release} in {Report.Environment} {(Failed ? "FAILED" : "succeeded")}: {names} ({commit}by {Cause})"
                + (Message is null ? "" : $": {Message}");
        }
    }
}
