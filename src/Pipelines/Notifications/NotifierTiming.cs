namespace Pipelines.Notifications;

/// <summary>How hard delivery tries: each attempt times out, failed attempts are retried after 1×, 2×, 4× … the first backoff.</summary>
public sealed record NotifierTiming(TimeSpan Timeout, int Attempts, TimeSpan FirstBackoff)
{
    public static NotifierTiming Default { get; } = new(TimeSpan.FromSeconds(5), 3, TimeSpan.FromSeconds(1));
}
