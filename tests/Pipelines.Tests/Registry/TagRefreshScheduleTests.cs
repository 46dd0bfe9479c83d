using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class TagRefreshScheduleTests
{
    static readonly TagRefreshSchedule Schedule = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));
    static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_tag_is_checked_again_after_the_minimum()
    {
        var record = Schedule.Observe(null, "sha256:a", T0);

        Assert.False(Schedule.IsDue(record, T0.AddMinutes(4)));
        Assert.True(Schedule.IsDue(record, T0.AddMinutes(5)));
        Assert.False(record.Moves);
    }

    [Fact]
    public void Each_unchanged_check_doubles_the_interval_up_to_the_maximum()
    {
        var record = Schedule.Observe(null, "sha256:a", T0);
        var intervals = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            record = Schedule.Observe(record, "sha256:a", record.CheckedAt + record.Interval);
            intervals.Add(record.Interval);
        }

        Assert.Equal([10, 20, 30, 30, 30], intervals.Select(i => i.TotalMinutes));
    }

    [Fact]
    public void A_moved_tag_falls_back_to_the_minimum_and_stays_marked_as_moving()
    {
        var record = Schedule.Observe(Schedule.Observe(null, "sha256:a", T0), "sha256:a", T0.AddMinutes(5));
        var moved = Schedule.Observe(record, "sha256:b", T0.AddMinutes(15));
        var settled = Schedule.Observe(moved, "sha256:b", T0.AddMinutes(20));

        Assert.Equal(TimeSpan.FromMinutes(5), moved.Interval);
        Assert.True(moved.Moves);
        Assert.True(settled.Moves);
        Assert.Equal("sha256:b", settled.Digest);
    }
}
