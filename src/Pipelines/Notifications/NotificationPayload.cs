using System.Text.Json.Nodes;
using Pipelines.Releases;

namespace Pipelines.Notifications;

/// <summary>The two bodies a notification is posted as, rendered from one <see cref="ReleaseNotice"/>. Pure.</summary>
internal static class NotificationPayload
{
    public static JsonObject For(NotifyFormat format, ReleaseNotice notice) => format == NotifyFormat.Slack ? Slack(notice) : Json(notice);

    /// <summary>The generic payload: what happened, where, to which workloads (images from → to), by whom, in which commit.</summary>
    public static JsonObject Json(ReleaseNotice notice) => Documents.ResultWriter.Node(new Documents.NotificationDocument(
        notice.Kind, notice.Failed ? "failed" : "success", notice.Report.Environment, notice.Report.Release, notice.Report.Pushed ? notice.Report.Commit : null,
        notice.Report.Branch, notice.Cause, notice.Automated, notice.Message, notice.Summary, notice.Workloads.Select(ReleaseDocuments.Workload).ToList(),
        ReleaseDocuments.Report(notice.Report)));

    /// <summary>Slack's incoming-webhook payload: <c>text</c> (the notification's fallback) and blocks, in mrkdwn.</summary>
    public static JsonObject Slack(ReleaseNotice notice)
    {
        var lines = notice.Workloads.Select(w =>
        {
            var changes = w.Changes.Select(c => $"`{Escape(c.Container)}` {Escape(c.From)} → {Escape(c.To)}");
            var status = w.Status == WorkloadStatus.Failed ? $" *failed*: {Escape(w.Reason ?? "")}" : "";
            return $"• *{Escape(w.Workload)}* {string.Join(", ", changes)}{status}";
        }).ToList();
        var context = new List<string> { $"release `{notice.Report.Release}`", $"by {Escape(notice.Cause)}" };
        if (notice.Report.Pushed && notice.Report.Commit is { } commit) context.Insert(1, $"commit `{commit[..Math.Min(7, commit.Length)]}`");
        var blocks = new JsonArray
        {
            Section($"{(notice.Failed ? ":x:" : ":white_check_mark:")} {Escape(notice.Summary)}"),
        };
        if (lines.Count > 0) blocks.Add(Section(string.Join("\n", lines)));
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = string.Join(" · ", context) }),
        });
        return new JsonObject { ["text"] = notice.Summary, ["blocks"] = blocks };
    }

    private static JsonObject Section(string text) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text.Length > 2900 ? text[..2900] + "…" : text },
    };

    /// <summary>Slack's mrkdwn control characters (<c>&amp; &lt; &gt;</c>) must be escaped, or a cause like <c>&lt;!channel&gt;</c> pings everyone.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
