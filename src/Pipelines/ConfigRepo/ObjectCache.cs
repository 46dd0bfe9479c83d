using LibGit2Sharp;
using Pipelines.Diagnostics;

namespace Pipelines.ConfigRepo;

/// <summary>
/// A bare repository per remote under <c>&lt;temp&gt;/config-repos/&lt;key&gt;/cache.git</c>, reused across runs:
/// every run fetches into it (never a full clone when it is sound) and working copies borrow its objects.
/// Fetches are serialised by a file lock, so processes on one machine share it safely. A cache that
/// cannot be opened or fetched into is deleted and fetched anew.
/// </summary>
public sealed partial class ObjectCache : IDisposable
{
    private ObjectCache(string folder, RemoteUrl remote, GitCredentials? credentials, ILog log)
    {
        Folder = folder;
        Remote = remote;
        Credentials = credentials;
        _log = log;
    }

    private readonly ILog _log;

    internal ILog Log => _log;

    public string Folder { get; }

    public string BarePath => Path.Combine(Folder, "cache.git");

    public RemoteUrl Remote { get; }

    internal GitCredentials? Credentials { get; }

    /// <param name="busyTimeout">How long to wait for another process of this machine using the cache (<c>--lock-timeout</c>);
    /// default 5 minutes.</param>
    public static ObjectCache Open(string cacheRoot, RemoteUrl remote, GitCredentials? credentials, ILog log, TimeSpan? busyTimeout = null)
    {
        var cache = new ObjectCache(Path.Combine(cacheRoot, remote.CacheKey), remote, credentials ?? remote.EmbeddedCredentials, log)
        {
            BusyTimeout = busyTimeout ?? TimeSpan.FromMinutes(5),
        };
        Directory.CreateDirectory(cache.Folder);
        return cache;
    }

    /// <summary>Runs <paramref name="work"/> on the cache while holding its file lock: the only way the cache is
    /// written, so fetches, lock commits and their pushes of processes on one machine never interleave.
    /// What a process killed mid-write left is undone first (<see cref="CacheRepair"/>); a cache found damaged (a
    /// corrupt or missing object, a repository that does not open, a local file libgit2 cannot write) is deleted and the
    /// work tried once more on a fresh one — reported as the cache's problem, never as the server's.</summary>
    public async Task<T> WithRepositoryAsync<T>(Func<Repository, T> work, CancellationToken cancellationToken = default)
    {
        using var _ = await CacheLock.AcquireAsync(Folder, Remote, BusyTimeout, _log, cancellationToken);
        var taken = DateTime.UtcNow;
        foreach (var removed in CacheRepair.RemoveStaleLockFiles(BarePath, taken))
        {
            _log.Warn($"Removed {removed} from the cache of {Remote.Display}: a process killed while updating the cache left it behind.");
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                EnsureSound();
                using var repository = new Repository(BarePath);
                return work(repository);
            }
            catch (Exception e) when (attempt == 1 && Damage(e) is { } damage)
            {
                _log.Warn($"The cache of {Remote.Display} at {BarePath} is damaged ({damage}); fetching it anew.");
                Directory.Delete(BarePath, recursive: true);
            }
        }
    }

    /// <summary>How long to wait for another process of this machine using the cache (<c>--lock-timeout</c>).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    // The cache's fault, not the server's: libgit2 could not read its objects, or could not write one of its files (the
    // path of a file in the cache is in its message).
    private string? Damage(Exception e) => e switch
    {
        CacheDamagedException damaged => damaged.Message,
        LibGit2SharpException git when IsCorruption(git) || git.Message.Contains(BarePath, StringComparison.Ordinal) => git.Message,
        GitRemoteException { InnerException: LibGit2SharpException git } when git.Message.Contains(BarePath, StringComparison.Ordinal) => git.Message,
        _ => null,
    };

    private void EnsureSound()
    {
        if (Directory.Exists(BarePath))
        {
            if (Repository.IsValid(BarePath))
            {
                try
                {
                    using var repository = new Repository(BarePath);
                    _ = repository.Head; // reads HEAD and the config: the usual victims of a crash
                    // The stored URL is the one without credentials, whatever an older version or a hand wrote there.
                    if (repository.Network.Remotes["origin"] is not { } origin) repository.Network.Remotes.Add("origin", Remote.Value);
                    else if (origin.Url != Remote.Value) repository.Network.Remotes.Update("origin", r => r.Url = Remote.Value);
                    return;
                }
                catch (LibGit2SharpException)
                {
                }
            }
            _log.Warn($"The cache at {BarePath} is not a sound repository; fetching it anew.");
            Directory.Delete(BarePath, recursive: true);
        }
        Repository.Init(BarePath, isBare: true);
        using var created = new Repository(BarePath);
        created.Network.Remotes.Add("origin", Remote.Value);
    }

    private static readonly string[] CorruptionSigns = ["corrupt", "packfile", "object not found", "odb", "bad object", "failed to parse", "missing"];

    private static bool IsCorruption(LibGit2SharpException e) =>
        CorruptionSigns.Any(sign => e.Message.Contains(sign, StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
    }
}
