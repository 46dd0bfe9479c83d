using Pipelines.Notifications;

namespace Pipelines.Documents;

/// <summary>
/// The generic notification (<c>--notify-format json</c>): what happened, where, to which workloads, by whom. Its workloads
/// have the shape of a <see cref="ReleaseReportDocument"/>'s results; <c>report</c> is the whole report.
/// </summary>
/// <param name="Event"><c>release</c>, <c>automated-release</c>, <c>rollback</c>, <c>promote</c>, <c>lock</c>, <c>unlock</c>…</param>
/// <param name="Outcome"><c>success</c> or <c>failed</c>.</param>
/// <param name="Commit">The commit, when it was pushed.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="Workloads">The workloads that changed or failed (skipped ones left out).</param>
public sealed record NotificationDocument([property: OneOf(typeof(Releases.ReleaseAction), "automated-release")] string Event,
    [property: OneOf("success", "failed")] string Outcome, string Environment, string Release, string? Commit, string? Branch,
    string Cause, bool Automated, string? Message, string Summary, IReadOnlyList<WorkloadResultJson> Workloads, ReleaseReportDocument Report)
    : ResultDocument
{
    public override string Kind => "Notification";

    internal static NotificationDocument Of(ReleaseNotice notice) => new(
        notice.Kind,
        notice.Failed ? "failed" : "success",
        notice.Report.Environment,
        notice.Report.Release,
        notice.Report.Pushed ? notice.Report.Commit : null,
        notice.Report.Branch,
        notice.Cause,
        notice.Automated,
        notice.Message,
        notice.Summary,
        notice.Workloads.Select(WorkloadResultJson.Of).ToList(),
        ReleaseReportDocument.Of(notice.Report));
}
