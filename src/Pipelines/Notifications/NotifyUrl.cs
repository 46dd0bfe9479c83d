using Pipelines.Faults;

namespace Pipelines.Notifications;

/// <summary>
/// A <c>--notify-url</c>: where to post and which payload. The rule: a <c>slack+https://…</c> (or <c>slack+http://</c>)
/// URL, or any URL on <c>hooks.slack.com</c>, gets Slack's payload (posted to the URL without the <c>slack+</c>); every other
/// http(s) URL the generic JSON. <see cref="Display"/> is what logs show: Slack URLs are secrets (the path is the token),
/// so only scheme and host are shown; other URLs lose their user info, query values and every path segment but the first.
/// </summary>
public sealed record NotifyUrl(Uri Target, NotifyFormat Format)
{
    private const string SlackPrefix = "slack+";

    public static NotifyUrl Parse(string text)
    {
        var slack = text.StartsWith(SlackPrefix, StringComparison.OrdinalIgnoreCase);
        var url = slack ? text[SlackPrefix.Length..] : text;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            // The value may be a secret (a Slack webhook): name its start only.
            var shown = text.Length > 12 ? text[..12] + "…" : text;
            throw new PipelinesException(FaultKind.Usage, $"--notify-url {shown}: not an http(s) URL. Give https://host/path for the generic JSON payload, " +
                "or slack+https://… (or a hooks.slack.com URL) for Slack's.");
        }
        var format = slack || uri.Host.Equals("hooks.slack.com", StringComparison.OrdinalIgnoreCase) ? NotifyFormat.Slack : NotifyFormat.Json;
        return new NotifyUrl(uri, format);
    }

    /// <summary>The URL as logs may show it: no credentials, no tokens.</summary>
    public string Display
    {
        get
        {
            var origin = $"{Target.Scheme}://{Target.Host}{(Target.IsDefaultPort ? "" : $":{Target.Port}")}";
            if (Format == NotifyFormat.Slack) return $"{origin}/**** (slack)";
            // Only the first path segment: webhook services (Discord, Teams…) carry their token further down the path.
            var segments = Target.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var path = segments.Length == 0 ? "/" : $"/{segments[0]}{(segments.Length > 1 ? "/****" : "")}";
            var query = Target.Query.Length <= 1 ? ""
                : "?" + string.Join("&", Target.Query[1..].Split('&').Select(pair => pair.Split('=')[0] + "=****"));
            return origin + path + query;
        }
    }
}
