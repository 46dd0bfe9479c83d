namespace Pipelines.Config;

/// <summary>
/// An environment's release windows: automation and promotion act only while they are open. A deny window closes whatever
/// an allow window opens; with allow windows, only their times are open; with none, every time not denied is.
/// Pure: the caller says what time it is.
/// </summary>
public sealed record ReleaseWindows(IReadOnlyList<ReleaseWindow> Windows)
{
    public static readonly ReleaseWindows None = new([]);

    public bool IsOpen(DateTimeOffset at) =>
        !Windows.Any(w => !w.Allow && w.Contains(at)) && (Windows.All(w => !w.Allow) || Windows.Any(w => w.Allow && w.Contains(at)));

    /// <summary>When the windows next open after <paramref name="at"/> (a window's start, or a deny window's end), within a
    /// year; null when they never do.</summary>
    public DateTimeOffset? NextOpen(DateTimeOffset at)
    {
        // The windows can only open where one starts or a deny window ends: try those moments in order.
        var candidates = Windows.SelectMany(w => w.Allow
                ? w.StartsAfter(at, 400)
                : w.StartsAfter(at - w.Duration, 400).Select(start => start + w.Duration))
            .Where(t => t > at && t <= at.AddYears(1))
            .Order();
        foreach (var candidate in candidates)
        {
            if (IsOpen(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>"closed (allow Mon-Thu 09:00-16:00 Europe/London) until 2026-12-14 09:00 Europe/London", for reports and refusals.</summary>
    public string ClosedText(DateTimeOffset at)
    {
        var zone = Windows.FirstOrDefault()?.Zone ?? TimeZoneInfo.Utc;
        var next = NextOpen(at) is { } open ? $"until {TimeZoneInfo.ConvertTime(open, zone):yyyy-MM-dd HH:mm} {zone.Id}" : "and opens in no time within a year";
        return $"the release window is closed ({string.Join("; ", Windows)}) {next}";
    }
}
