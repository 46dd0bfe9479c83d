using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--notify-url</c>: where the release targets and Watch post what they did.</summary>
public interface INotificationParameters : IParameterComponent
{
    [Parameter("Post a notification of every release, rollback, promotion and lock here (repeatable): slack+https://… or a " +
        "hooks.slack.com URL gets Slack's payload, any other http(s) URL the generic JSON (docs/watch.md).")]
    [Secret]
    string[] NotifyUrl => this.Value<string[]>([]);
}
