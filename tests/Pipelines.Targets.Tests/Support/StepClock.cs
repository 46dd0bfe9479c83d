namespace Pipelines.Targets.Tests.Support;

/// <summary>A clock on which every reading is 2.5 s after the previous one, so durations in snapshots are stable.</summary>
internal sealed class StepClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks += TimeSpan.TicksPerMillisecond * 2500;

    public override DateTimeOffset GetUtcNow() => new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
}
