namespace Pipelines.Notifications;

public enum NotifyFormat
{
    /// <summary>The generic JSON payload (see docs/watch.md).</summary>
    Json,

    /// <summary>Slack's incoming-webhook payload: <c>text</c> plus blocks.</summary>
    Slack,
}
