namespace Pipelines.Server.Automation;

/// <summary>How long automation waits after consecutive failed cycles: 2 s, 4 s, 8 s … never longer than the poll
/// interval, so an outage is retried promptly at first without hammering a component that stays down.</summary>
public static class RetryDelay
{
    public static TimeSpan After(int failures, TimeSpan pollInterval)
    {
        if (failures <= 0) return pollInterval;
        var seconds = Math.Pow(2, Math.Min(failures, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, pollInterval.TotalSeconds));
    }
}
