using LibGit2Sharp;
using Pipelines.Diagnostics;

namespace Pipelines.ConfigRepo;

/// <summary>
/// A bare repository per remote under <c>&lt;temp&gt;/config-repos/&lt;key&gt;/cache.git</c>, reused across runs:
/// every run fetches into it (never a full clone when it is sound) and working copies borrow its objects.
/// Fetches are serialised by a file lock, so processes on one machine share it safely. A cache that
/// cannot be opened or fetched into is deleted and fetched anew.
/// </summary>
public sealed class ObjectCache : IDisposable
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

    /// <summary>Fetches one branch of the remote and returns its commit, or null when the remote has no such branch.</summary>
    /// <remarks>Jobs of one machine sharing the cache take turns to fetch. A job that, once its turn comes, finds that a
    /// fetch of the branch began after it asked and has finished uses that fetch's result: the remote as it was at some
    /// moment after the job asked, which is all a fetch of its own could tell it. Sixteen jobs starting together then
    /// fetch a few times instead of sixteen.</remarks>
    public Task<string?> FetchAsync(string branch, CancellationToken cancellationToken = default)
    {
        var asked = DateTime.UtcNow;
        return WithRepositoryAsync(repository =>
        {
            // Inside the repository folder, so that a cache deleted as damaged loses its stamps with its refs.
            var stamp = Path.Combine(BarePath, $"pipelines-fetched-{Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(branch))}");
            if (FetchStarted(stamp) is { } started && started >= asked)
            {
                _lastFetch = null; // what that fetch found of the branches fetched along is not known here
                return repository.Refs[TrackingRef(branch)]?.ResolveToDirectReference()?.TargetIdentifier;
            }
            var starting = DateTime.UtcNow;
            var head = Fetch(repository, branch, FetchedAlong());
            File.WriteAllText(stamp, starting.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return head;
        }, cancellationToken);
    }

    private readonly HashSet<string> _fetchedAlong = new(StringComparer.Ordinal);
    private FetchedHeads? _lastFetch;

    /// <summary>Fetch <paramref name="branch"/> in the same connection as every branch <see cref="FetchAsync"/> fetches. The git
    /// lock asks for its branch: the fetch a run makes to read the config repo then also shows it the lock, and the lock needs
    /// no connection of its own to find it free (one round trip instead of two).</summary>
    internal void FetchAlong(string branch)
    {
        lock (_fetchedAlong) _fetchedAlong.Add(branch);
    }

    private string[] FetchedAlong()
    {
        lock (_fetchedAlong) return [.. _fetchedAlong];
    }

    /// <summary>What the last fetch this process made through <see cref="FetchAsync"/> found, the branches fetched along included;
    /// each fetch is handed out once, so that a look at the lock is never taken from a fetch that an earlier look already used.
    /// Null when there was none since (or it was another process's fetch, reused).</summary>
    internal FetchedHeads? TakeLastFetch() => Interlocked.Exchange(ref _lastFetch, null);

    private static DateTime? FetchStarted(string stamp)
    {
        try
        {
            return File.Exists(stamp) && long.TryParse(File.ReadAllText(stamp), out var ticks) ? new DateTime(ticks, DateTimeKind.Utc) : null;
        }
        catch (IOException)
        {
            return null;
        }
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

    /// <param name="along">Branches fetched in the same connection (<see cref="FetchAlong"/>); what they and
    /// <paramref name="branch"/> were found at is kept for <see cref="TakeLastFetch"/>.</param>
    internal string? Fetch(Repository repository, string branch, IReadOnlyCollection<string>? along = null)
    {
        var trackingRef = TrackingRef(branch);
        var branches = new[] { branch }.Concat(along ?? []).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            // Prune removes the tracking ref when the branch is gone from the remote (or never was).
            Interrupted.Retry(() => Commands.Fetch(repository, "origin", branches.Select(b => $"+refs/heads/{b}:{TrackingRef(b)}"), FetchOptions(), null));
        }
        catch (LibGit2SharpException e) when (!IsCorruption(e))
        {
            throw new GitRemoteException(Remote, "fetch", e);
        }
        if (along is { Count: > 0 }) _lastFetch = new FetchedHeads(branches, TrackingHeads(repository, branches));
        var head = repository.Refs[trackingRef]?.ResolveToDirectReference()?.TargetIdentifier;
        // A fetch brings only what the cache lacks by its refs: objects lost behind a ref never come back by fetching.
        if (head is not null && FirstLookAt(head) && CacheRepair.MissingObject(repository, head) is { } missing)
        {
            lock (Verified) Verified.Remove(head);
            throw new CacheDamagedException($"{missing} is missing from it");
        }
        return head;
    }

    // The commits this process found complete in the cache: checked once each.
    private static readonly HashSet<string> Verified = [];

    private static bool FirstLookAt(string commit)
    {
        lock (Verified) return Verified.Add(commit);
    }

    /// <summary>Fetches every branch of the remote at once (one connection): the git lock reads a new lock commit this
    /// way, so that the config branch it will build on once it holds the lock is already here.</summary>
    /// <param name="alsoRefSpecs">More refs to fetch in the same connection (the git lock's queue).</param>
    internal void FetchAllBranches(Repository repository, params string[] alsoRefSpecs)
    {
        try
        {
            Interrupted.Retry(() => Commands.Fetch(repository, "origin", ["+refs/heads/*:refs/remotes/origin/*", .. alsoRefSpecs], FetchOptions(), null));
        }
        catch (LibGit2SharpException e) when (!IsCorruption(e))
        {
            throw new GitRemoteException(Remote, "fetch", e);
        }
    }

    /// <summary>The heads of <paramref name="branches"/> as the last fetch left their tracking refs (absent: the remote has no such branch).</summary>
    internal static Dictionary<string, string> TrackingHeads(Repository repository, IEnumerable<string> branches)
    {
        var heads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var branch in branches)
        {
            if (repository.Refs[TrackingRef(branch)]?.ResolveToDirectReference()?.TargetIdentifier is { } head) heads[branch] = head;
        }
        return heads;
    }

    /// <summary>Every branch head the last fetch of all branches (<see cref="FetchAllBranches"/>, which prunes) left in the
    /// tracking refs: the remote's branches as that fetch found them.</summary>
    internal static Dictionary<string, string> TrackingHeads(Repository repository)
    {
        const string prefix = "refs/remotes/origin/";
        return TrackingHeads(repository, repository.Refs.FromGlob(prefix + "*").Select(r => r.CanonicalName[prefix.Length..]).ToList());
    }

    /// <summary>The remote's branch heads by branch name as the server advertises them (ls-remote): reads nothing into the cache.</summary>
    public IReadOnlyDictionary<string, string> RemoteHeads()
    {
        try
        {
            return Interrupted.Retry(() => Repository.ListRemoteReferences(Remote.Value, Credentials?.Handler).ToList())
                .Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) && r.TargetIdentifier is not null)
                .ToDictionary(r => r.CanonicalName["refs/heads/".Length..], r => r.TargetIdentifier, StringComparer.Ordinal);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitRemoteException(Remote, "ls-remote", e);
        }
    }

    /// <summary>The remote branch's head as the server advertises it (ls-remote), or null.</summary>
    public string? RemoteHead(string branch) => RemoteHeads().GetValueOrDefault(branch);

    /// <summary>The remote's branches by name (ls-remote), for messages.</summary>
    public IReadOnlyList<string> Branches() => RemoteHeads().Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Pushes one ref update (its commit made in this cache), without force unless it <see cref="RefUpdate.Rewrites"/>.</summary>
    public Task<PushOutcome> PushAsync(RefUpdate update, CancellationToken cancellationToken = default) =>
        WithRepositoryAsync(repository => Delivered(Push(repository, update), update), cancellationToken);

    /// <summary>Pushes <paramref name="update"/> and, in the same push, the update <paramref name="alongside"/> makes in this cache
    /// as the push is made (the global lock's release): one connection instead of two.</summary>
    /// <returns>Each update's outcome: the server takes or refuses them one by one.</returns>
    public Task<(PushOutcome Update, PushOutcome Alongside)> PushAsync(RefUpdate update, Func<Repository, RefUpdate> alongside,
        CancellationToken cancellationToken = default) =>
        WithRepositoryAsync(repository =>
        {
            var outcomes = RefPush.Push(this, repository, [update, alongside(repository)]);
            return (Delivered(outcomes[0], update), outcomes[1]);
        }, cancellationToken);

    // A change that reached the server stays there whatever the run does next: if it is then stopped at its deadline, its
    // last words say so.
    private PushOutcome Delivered(PushOutcome outcome, RefUpdate update)
    {
        if (outcome.Accepted) _log.Done($"pushed {update.Commit[..7]} to {update.Branch} of {Remote.Display}", print: false);
        return outcome;
    }

    /// <summary>Pushes one ref update from <paramref name="repository"/> (this cache, held through <see cref="WithRepositoryAsync"/>).</summary>
    /// <param name="deleting">Refs outside the branches (full names) to delete in the same push, as best it can: whether the
    /// server deleted them is not reported (the git lock's queue tickets, which are advice).</param>
    internal PushOutcome Push(Repository repository, RefUpdate update, IReadOnlyList<string>? deleting = null) =>
        RefPush.Push(this, repository, [update], deleting)[0];

    /// <summary>Sets (to a commit) or deletes (null) refs outside the branches, in one push, without force: the git lock's queue
    /// tickets. Returns whether the server took every one.</summary>
    internal bool PushOtherRefs(Repository repository, IReadOnlyList<(string Ref, string? Commit)> updates)
    {
        var locals = updates.Select(u => u.Commit is null ? null : $"refs/pipelines/push/{Guid.NewGuid():N}").ToList();
        try
        {
            for (var i = 0; i < updates.Count; i++)
            {
                if (locals[i] is { } local) repository.Refs.Add(local, new ObjectId(updates[i].Commit!));
            }
            var outcomes = GitPush.Push(repository, Remote, Credentials, updates.Select((u, i) => $"{locals[i] ?? ""}:{u.Ref}").ToList());
            return outcomes.All(o => o.Accepted);
        }
        finally
        {
            foreach (var local in locals.OfType<string>()) repository.Refs.Remove(local);
        }
    }

    internal static string TrackingRef(string branch) => $"refs/remotes/origin/{branch}";

    internal FetchOptions FetchOptions() => new() { CredentialsProvider = Credentials?.Handler, TagFetchMode = TagFetchMode.None, Prune = true };

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
