using CsCheck;
using Pipelines.Config;

namespace Pipelines.Tests.Config;

/// <summary>
/// Release windows (pipelines.yaml <c>windows:</c>) judged at given times: local hours in the window's time zone across a
/// daylight-saving change, deny over allow, windows past midnight, and when they next open. A failure of the property
/// prints a CsCheck seed to replay.
/// </summary>
public sealed class ReleaseWindowTests
{
    private static ReleaseWindows Windows(string yaml) =>
        PipelinesConfig.Parse("environments:\n  production:\n    path: p\n    windows:\n" + yaml).Environment("production").Windows;

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static DateTimeOffset InLondon(int year, int month, int day, int hour, int minute = 0) =>
        new(new DateTime(year, month, day, hour, minute, 0), London.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    [Fact]
    public void An_allow_window_is_open_on_its_days_from_its_start_to_before_its_end_in_its_time_zone()
    {
        var windows = Windows("    - { allow: \"Mon-Thu 09:00-16:00\", timeZone: Europe/London }\n");

        Assert.False(windows.IsOpen(InLondon(2026, 12, 7, 8, 59)));   // Monday
        Assert.True(windows.IsOpen(InLondon(2026, 12, 7, 9, 0)));
        Assert.True(windows.IsOpen(InLondon(2026, 12, 10, 15, 59)));  // Thursday
        Assert.False(windows.IsOpen(InLondon(2026, 12, 10, 16, 0)));
        Assert.False(windows.IsOpen(InLondon(2026, 12, 11, 10, 0)));  // Friday
        Assert.Equal(InLondon(2026, 12, 14, 9, 0), windows.NextOpen(InLondon(2026, 12, 10, 17, 0)));
    }

    [Fact]
    public void Local_hours_hold_across_a_daylight_saving_change()
    {
        var windows = Windows("    - { allow: \"Mon-Fri 09:00-10:00\", timeZone: Europe/London }\n");

        // Clocks go forward on Sunday 29 March 2026: 09:00 in London is 09:00 UTC on the Friday before and 08:00 UTC after.
        Assert.True(windows.IsOpen(new DateTimeOffset(2026, 3, 27, 9, 30, 0, TimeSpan.Zero)));
        Assert.True(windows.IsOpen(new DateTimeOffset(2026, 3, 30, 8, 30, 0, TimeSpan.Zero)));
        Assert.False(windows.IsOpen(new DateTimeOffset(2026, 3, 30, 9, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_deny_window_closes_what_an_allow_window_opens_and_may_run_past_midnight()
    {
        var windows = Windows("    - { allow: \"* 00:00-24:00\" }\n    - { deny: \"Fri 22:00-06:00\" }\n");

        Assert.True(windows.IsOpen(new DateTimeOffset(2026, 12, 11, 21, 59, 0, TimeSpan.Zero)));
        Assert.False(windows.IsOpen(new DateTimeOffset(2026, 12, 11, 22, 0, 0, TimeSpan.Zero)));
        Assert.False(windows.IsOpen(new DateTimeOffset(2026, 12, 12, 5, 59, 0, TimeSpan.Zero)));   // Saturday morning, still Friday's window
        Assert.Equal(new DateTimeOffset(2026, 12, 12, 6, 0, 0, TimeSpan.Zero), windows.NextOpen(new DateTimeOffset(2026, 12, 11, 23, 0, 0, TimeSpan.Zero)));
        Assert.Contains("until 2026-12-12 06:00", windows.ClosedText(new DateTimeOffset(2026, 12, 11, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Without_windows_every_time_is_open()
    {
        Assert.True(ReleaseWindows.None.IsOpen(DateTimeOffset.UnixEpoch));
        Assert.True(Windows("      []\n").IsOpen(DateTimeOffset.UnixEpoch));
    }

    private static readonly Gen<string> Days = Gen.OneOf("*", "Mon-Fri", "Sat,Sun", "Tue", "Mon,Wed,Fri", "Thu-Sun");
    private static readonly Gen<string> Hour = Gen.Int[0, 23].Select(h => $"{h:00}:{(h % 3 == 0 ? "30" : "00")}");

    private static readonly Gen<string> AnyWindow =
        from allow in Gen.Bool
        from days in Days
        from start in Hour
        from end in Hour
        from zone in Gen.OneOf("UTC", "Europe/London", "America/New_York", "Asia/Kolkata")
        select $"    - {{ {(allow ? "allow" : "deny")}: \"{days} {start}-{end}\", timeZone: {zone} }}\n";

    [Fact]
    public void The_next_opening_is_open_and_nothing_between_now_and_it_is()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Gen.Select(AnyWindow.Array[1, 3], Gen.Int[0, 365 * 24 * 4]).Sample((specs, quarterHours) =>
        {
            var windows = Windows(string.Concat(specs));
            var now = from.AddMinutes(15 * quarterHours);
            if (windows.IsOpen(now)) return;
            var next = windows.NextOpen(now);
            if (next is null) return;
            Assert.True(windows.IsOpen(next.Value), $"not open at its next opening {next}");
            for (var t = now; t < next.Value; t = t.AddMinutes(30)) Assert.False(windows.IsOpen(t), $"open at {t:O}, before the next opening {next:O}");
        }, iter: 300);
    }
}
