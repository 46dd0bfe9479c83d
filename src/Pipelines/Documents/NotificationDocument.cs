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
public sealed record NotificationDocument([property: OneOf(OneOfAttribute.Lists.NotificationEvents)] string Event,
    [property: OneOf("success", "failed")] string Outcome, string Environment, string Release, string? Commit, string? Branch,
    string Cause, bool Automated, string? Message, string Summary, IReadOnlyList<WorkloadResultJson> Workloads, ReleaseReportDocument Report)
    : ResultDocument
{
    public override string Kind => "Notification";
}
