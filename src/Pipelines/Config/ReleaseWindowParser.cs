using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Config;

/// <summary>
/// Reads an environment's <c>windows:</c> from pipelines.yaml: a list of <c>{ allow: "Mon-Thu 09:00-16:00", timeZone: … }</c> or
/// <c>{ deny: "Sat-Sun 00:00-24:00" }</c>. Days are <c>Mon</c>…<c>Sun</c>, ranges and lists of them (<c>Mon-Thu</c>,
/// <c>Mon,Wed,Fri</c>) or <c>*</c> for every day; an end at or before the start runs past midnight. Every mistake names the line.
/// </summary>
internal static partial class ReleaseWindowParser
{
    private const string Example = "windows: [ { allow: \"Mon-Thu 09:00-16:00\", timeZone: Europe/London } ]";

    public static ReleaseWindows Parse(string file, string environment, YamlNode? node)
    {
        if (node is null or YamlScalar { IsNull: true }) return ReleaseWindows.None;
        if (node is not YamlSequence list) throw new ManifestException(file, node.Line, node.Column, $"environment '{environment}': windows: must be a list, e.g. {Example}.");
        return new ReleaseWindows(list.Items.Select((item, i) => Window(file, $"environment '{environment}': windows[{i}]", item)).ToList());
    }

    private static ReleaseWindow Window(string file, string where, YamlNode node)
    {
        if (node is not YamlMapping window) throw new ManifestException(file, node.Line, node.Column, $"{where} must be a mapping, e.g. {{ allow: \"Mon-Thu 09:00-16:00\" }}.");
        foreach (var (key, value) in window.Entries)
        {
            if (key?.Value is not ("allow" or "deny" or "timeZone"))
                throw new ManifestException(file, (key ?? value).Line, (key ?? value).Column, $"{where}: unknown key '{key?.Value}'; write allow:, deny: and timeZone:.");
        }
        var allow = window["allow"] as YamlScalar;
        var deny = window["deny"] as YamlScalar;
        if ((allow is null) == (deny is null))
            throw new ManifestException(file, window.Line, window.Column, $"{where} needs exactly one of allow: or deny:, e.g. allow: \"Mon-Thu 09:00-16:00\".");
        var spec = (allow ?? deny)!;
        var zone = Zone(file, where, window["timeZone"]);
        var (starts, duration) = Schedule(file, where, spec);
        return new ReleaseWindow(allow is not null, spec.Value ?? "", zone, starts, duration);
    }

    private static TimeZoneInfo Zone(string file, string where, YamlNode? node)
    {
        if (node is null) return TimeZoneInfo.Utc;
        var id = (node as YamlScalar)?.Value ?? "";
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ManifestException(file, node.Line, node.Column, $"{where}: timeZone '{id}' is not a time zone this machine knows; write an IANA name such as Europe/London or UTC.");
        }
    }

    private static (CronExpression Starts, TimeSpan Duration) Schedule(string file, string where, YamlScalar spec)
    {
        var text = spec.Value?.Trim() ?? "";
        var match = SpecPattern().Match(text);
        if (!match.Success)
            throw new ManifestException(file, spec.Line, spec.Column, $"{where}: '{text}' is not a window; write days and hours such as \"Mon-Thu 09:00-16:00\", \"Sat,Sun 00:00-24:00\" or \"* 22:00-06:00\".");
        var days = match.Groups["days"].Value;
        var start = Time(match.Groups["start"].Value);
        var end = Time(match.Groups["end"].Value);
        if (start is null || end is null || start.Value >= TimeSpan.FromHours(24))
            throw new ManifestException(file, spec.Line, spec.Column, $"{where}: '{text}' has an hour out of range; hours run from 00:00 to 24:00.");
        var duration = end.Value > start.Value ? end.Value - start.Value : TimeSpan.FromHours(24) - start.Value + end.Value;
        var cron = $"{start.Value.Minutes} {start.Value.Hours} * * {(days == "*" ? "*" : days.ToUpperInvariant())}";
        try
        {
            return (CronExpression.Parse(cron), duration);
        }
        catch (CronFormatException)
        {
            throw new ManifestException(file, spec.Line, spec.Column, $"{where}: '{days}' are not days; write Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges (Mon-Thu), lists (Mon,Wed) or *.");
        }
    }

    private static TimeSpan? Time(string text)
    {
        var parts = text.Split(':');
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
               && hours <= 24 && minutes < 60 && (hours < 24 || minutes == 0)
            ? new TimeSpan(hours, minutes, 0)
            : null;
    }

    [GeneratedRegex(@"^(?<days>\*|[A-Za-z]{3}(?:[-,][A-Za-z]{3})*)\s+(?<start>\d{1,2}:\d{2})\s*-\s*(?<end>\d{1,2}:\d{2})$")]
    private static partial Regex SpecPattern();
}
