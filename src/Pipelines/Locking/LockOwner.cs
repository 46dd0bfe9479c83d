namespace Pipelines.Locking;

/// <summary>Who holds (or wants) the lock: shown to waiters, written into the lock commit.</summary>
/// <param name="Id">Unique per run: two jobs of one user on one host are still different owners.</param>
public sealed record LockOwner(string Id, string User, string Host, string? BuildUrl)
{
    public static LockOwner ForThisProcess(string user, string? buildUrl) =>
        new($"{user}@{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}", user, Environment.MachineName, buildUrl);

    public string Describe() => BuildUrl is null ? $"{User} on {Host}" : $"{User} on {Host} ({BuildUrl})";
}
