namespace Pipelines.Locking;

/// <summary>Who holds (or wants) the lock: shown to waiters, written into the lock commit.</summary>
/// <param name="Id">Unique per run: two jobs of one user on one host are still different owners.</param>
public sealed record LockOwner(string Id, string User, string Host, string? BuildUrl)
{
    public static LockOwner ForThisProcess(string user, string? buildUrl) =>
        new($"{user}@{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}", user, Environment.MachineName, buildUrl);

    /// <summary>The owner of a lock handed from one job of <paramref name="host"/> to the next one queued there, until that
    /// job's first renewal names it.</summary>
    public static LockOwner NextQueuedJob(string host) => new($"queue@{host}/{Guid.NewGuid().ToString("N")[..8]}", "the next job queued", host, null);

    public string Describe() => BuildUrl is null ? $"{User} on {Host}" : $"{User} on {Host} ({BuildUrl})";
}
