namespace Pipelines.Locking;

/// <summary>What every lock says when the run's --deadline makes it stop renewing: whether it was freed now or expires by its TTL.</summary>
internal static class DeadlineGiveUp
{
    public static string Said(string lockDescription, bool released, TimeSpan ttl) =>
        $"The run passed its --deadline: it stopped renewing the lock ({lockDescription}) and " +
        (released ? "gave it up." : $"could not give it up; it expires after {ttl.TotalSeconds:0}s without renewal.");
}
