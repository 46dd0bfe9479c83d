using Pipelines.Releases;

namespace Pipelines.Server.Ui;

/// <summary>How a commit of the tool turned out, as far as is known (pure): git keeps that it was committed and whether a later
/// rollback undid it; a run of this process also knows its rollouts. CSS class: <c>outcome-ok</c>, <c>-bad</c>, <c>-other</c>.</summary>
public sealed record ReleaseOutcome(string Text, string Css)
{
    /// <param name="history">Every entry read, newest first: a rollback of this release among them marks it rolled back.</param>
    /// <param name="report">This process's report of the release, when it ran it.</param>
    public static ReleaseOutcome Of(HistoryEntry entry, IReadOnlyList<HistoryEntry> history, ReleaseReport? report)
    {
        if (entry.Untrusted is not null) return new("untrusted", "outcome-other");
        if (history.FirstOrDefault(e => e.RollbackOf == entry.Release && e.Untrusted is null) is { } rollback)
        {
            return new($"rolled back by {CauseText.Who(rollback.Cause)}", "outcome-bad");
        }
        if (report is not null) return report.AnyFailed ? new("failed", "outcome-bad") : new("succeeded", "outcome-ok");
        return new("committed", "outcome-ok");
    }
}

/// <summary>The parts of a <c>Pipelines-Cause</c> trailer: <c>dana</c> or <c>automation</c>, then the CI build URL if any.</summary>
public static class CauseText
{
    public static string Who(string cause) => cause.Split(',')[0].Trim();

    /// <summary>The CI job's URL when the cause names one (http or https only: anything else is not made a link).</summary>
    public static string? CiJob(string cause) =>
        cause.Split(',').Skip(1).Select(p => p.Trim())
            .FirstOrDefault(p => Uri.TryCreate(p, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));
}
