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
                return repository.Refs[TrackingRef(branch)]?.ResolveToDirectReference()?.TargetIdentifier;
            var starting = DateTime.UtcNow;
            var head = Fetch(repository, branch);
            File.WriteAllText(stamp, starting.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return head;
        }, cancellationToken);
    }

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

    internal string? Fetch(Repository repository, string branch)
    {
        var trackingRef = TrackingRef(branch);
        try
        {
            // Prune removes the tracking ref when the branch is gone from the remote (or never was).
            Interrupted.Retry(() => Commands.Fetch(repository, "origin", [$"+refs/heads/{branch}:{trackingRef}"], FetchOptions(), null));
        }
        catch (LibGit2SharpException e) when (!IsCorruption(e))
        {
            throw new GitRemoteException(Remote, "fetch", e);
        }
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

    private volatile IReadOnlyDictionary<string, string>? _advertised;

    /// <summary>Branch heads known current as the git lock was taken (a job of this machine handed them over with it).</summary>
    internal void KnowHeads(IReadOnlyDictionary<string, string> heads) => _advertised = heads;

    /// <summary>The branch heads (by branch name) the last <see cref="RemoteHead"/> saw, handed out once, or null.</summary>
    public IReadOnlyDictionary<string, string>? TakeAdvertisedHeads() => Interlocked.Exchange(ref _advertised, null);

    /// <summary>Fetches every branch of the remote at once (one connection): the git lock reads a new lock commit this
    /// way, so that the config branch it will build on once it holds the lock is already here.</summary>
    internal void FetchAllBranches(Repository repository)
    {
        try
        {
            Interrupted.Retry(() => Commands.Fetch(repository, "origin", ["+refs/heads/*:refs/remotes/origin/*"], FetchOptions(), null));
        }
        catch (LibGit2SharpException e) when (!IsCorruption(e))
        {
            throw new GitRemoteException(Remote, "fetch", e);
        }
    }

    /// <summary>Copies what another cache of this machine holds (another workspace's, named by a machine queue handoff) by
    /// reading its files, without the server: the commits it pushed last are behind its remote-tracking refs, which a
    /// push updates. False when that cache cannot be read; the caller then fetches from the server.</summary>
    internal bool CopyFromNeighbour(Repository repository, string neighbourBarePath)
    {
        const string remote = "pipelines-neighbour", borrowed = "refs/pipelines/neighbour/";
        if (string.Equals(Path.GetFullPath(neighbourBarePath), Path.GetFullPath(BarePath), StringComparison.Ordinal) || !Directory.Exists(neighbourBarePath)) return false;
        try
        {
            // A named remote for the time of the fetch: LibGit2Sharp takes a path for a remote's name and refuses it.
            if (repository.Network.Remotes[remote] is not null) repository.Network.Remotes.Remove(remote);
            repository.Network.Remotes.Add(remote, neighbourBarePath);
            Commands.Fetch(repository, remote, [$"+refs/remotes/origin/*:{borrowed}*"], new FetchOptions { TagFetchMode = TagFetchMode.None }, null);
            return true;
        }
        catch (LibGit2SharpException)
        {
            return false;
        }
        finally
        {
            // The objects stay; the refs would only confuse: this cache's own tracking refs say what the remote has.
            foreach (var reference in repository.Refs.FromGlob(borrowed + "*").ToList()) repository.Refs.Remove(reference);
            if (repository.Network.Remotes[remote] is not null) repository.Network.Remotes.Remove(remote);
        }
    }

    /// <summary>The remote branch's head as the server advertises it (ls-remote), or null: reads nothing into the cache.
    /// The heads of the other branches are kept for <see cref="TakeAdvertisedHeads"/>.</summary>
    public string? RemoteHead(string branch)
    {
        try
        {
            var heads = Interrupted.Retry(() => Repository.ListRemoteReferences(Remote.Value, Credentials?.Handler).ToList())
                .Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) && r.TargetIdentifier is not null)
                .ToDictionary(r => r.CanonicalName["refs/heads/".Length..], r => r.TargetIdentifier, StringComparer.Ordinal);
            _advertised = heads;
            return heads.GetValueOrDefault(branch);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitRemoteException(Remote, "ls-remote", e);
        }
    }

    /// <summary>The remote's branches by name (ls-remote), for messages.</summary>
    public IReadOnlyList<string> Branches()
    {
        try
        {
            return Interrupted.Retry(() => Repository.ListRemoteReferences(Remote.Value, Credentials?.Handler).ToList())
                .Select(r => r.CanonicalName).Where(n => n.StartsWith("refs/heads/", StringComparison.Ordinal)).Select(n => n["refs/heads/".Length..]).Order(StringComparer.Ordinal).ToList();
        }
        catch (LibGit2SharpException e)
        {
            throw new GitRemoteException(Remote, "ls-remote", e);
        }
    }

    /// <summary>Pushes <paramref name="commit"/> (made in this cache) to the remote branch, without force.</summary>
    public Task<PushOutcome> PushAsync(string commit, string branch, CancellationToken cancellationToken = default) =>
        WithRepositoryAsync(repository => Delivered(PushCommit(repository, commit, branch), commit, branch), cancellationToken);

    // A change that reached the server stays there whatever the run does next: if it is then stopped at its deadline, its
    // last words say so.
    private PushOutcome Delivered(PushOutcome outcome, string commit, string branch)
    {
        if (outcome.Accepted) _log.Done($"pushed {commit[..7]} to {branch} of {Remote.Display}", print: false);
        return outcome;
    }

    /// <summary>Pushes <paramref name="commit"/> to <paramref name="branch"/> and, in the same push, the commit that
    /// <paramref name="release"/> makes to free the git lock: one connection instead of two.</summary>
    /// <returns>The change's outcome and whether the release was accepted.</returns>
    public Task<(PushOutcome Change, bool Released)> PushWithReleaseAsync(string commit, string branch, Locking.LockRelease release,
        CancellationToken cancellationToken = default) =>
        WithRepositoryAsync(repository =>
        {
            var free = release.CreateCommit(repository);
            var outcomes = PushCommits(repository, [(commit, branch, null), (free.Commit, release.Branch, free.Replaces)]);
            Delivered(outcomes[0], commit, branch);
            if (!outcomes[1].Accepted) release.Refused?.Invoke(outcomes[1].RejectionReason ?? "");
            return (outcomes[0], outcomes[1].Accepted);
        }, cancellationToken);

    /// <summary>Pushed through a ref of the run's own, so that processes sharing the cache never touch each other's refs.</summary>
    /// <param name="replaces">Set when <paramref name="commit"/> does not descend from the branch's head (a new root commit that
    /// keeps the lock branch short): the head it replaces, pushed with a lease (<see cref="GitPush.Push"/>).</param>
    internal PushOutcome PushCommit(Repository repository, string commit, string branch, string? replaces = null) =>
        PushCommits(repository, [(commit, branch, replaces)])[0];

    private IReadOnlyList<PushOutcome> PushCommits(Repository repository, IReadOnlyList<(string Commit, string Branch, string? Replaces)> updates)
    {
        var locals = updates.Select(_ => $"refs/pipelines/push/{Guid.NewGuid():N}").ToList();
        for (var i = 0; i < updates.Count; i++) repository.Refs.Add(locals[i], new ObjectId(updates[i].Commit));
        try
        {
            var leases = updates.Where(u => u.Replaces is not null).ToDictionary(u => $"refs/heads/{u.Branch}", u => u.Replaces!, StringComparer.Ordinal);
            var plain = updates.Select(u => (u.Commit, u.Branch)).ToList();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return Interrupted.Shielded(() => GitPush.Push(repository, Remote, Credentials,
                        updates.Select((u, i) => $"{(u.Replaces is null ? "" : "+")}{locals[i]}:refs/heads/{u.Branch}").ToList(), leases));
                }
                catch (GitRemoteException failed)
                {
                    if (LandedDespite(failed, plain) is { } landed) return landed;
                    // Interrupted by a signal (Interrupted): push again. Safe even when whether it arrived is unknown: the
                    // push is a compare-and-swap, and one that arrived makes the next a no-op or a refusal as "moved".
                    if (attempt < Interrupted.Attempts && Interrupted.Is(failed))
                    {
                        Interrupted.Pause(attempt);
                        continue;
                    }
                    throw failed.With(NotPushed(plain));
                }
            }
        }
        finally
        {
            foreach (var local in locals) repository.Refs.Remove(local);
        }
    }

    // A push can fail after the server took it: the connection cut before the server's answer arrived, or this cache's own
    // tracking ref could not be updated afterwards. The server then has our commits, and saying "failed" would make a job
    // whose change landed exit 1 (and a lock taken look not taken). So a failed push asks the server where the branches
    // are: all of them at our commits means the push landed. Null (the failure stands) otherwise, or when the server
    // cannot say either.
    private IReadOnlyList<PushOutcome>? LandedDespite(GitRemoteException failure, IReadOnlyList<(string Commit, string Branch)> updates)
    {
        _afterFailedPush = null;
        try
        {
            _afterFailedPush = Interrupted.Retry(() => Repository.ListRemoteReferences(Remote.Value, Credentials?.Handler).ToList())
                .Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) && r.TargetIdentifier is not null)
                .ToDictionary(r => r.CanonicalName["refs/heads/".Length..], r => r.TargetIdentifier, StringComparer.Ordinal);
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
        var heads = _afterFailedPush;
        if (!updates.All(u => heads.GetValueOrDefault(u.Branch) == u.Commit)) return null;
        _log.Warn($"The push to {Remote.Display} reported a failure after the server took it ({failure.InnerException?.Message.TrimEnd('.')}); " +
            $"{string.Join(" and ", updates.Select(u => $"{u.Branch} is at {u.Commit[..7]}"))} on the server, so it landed.");
        return updates.Select(_ => PushOutcome.Pushed).ToList();
    }

    private IReadOnlyDictionary<string, string>? _afterFailedPush;

    // What a failed push left on the server, as the look after it found it: the user must know whether to run again.
    private string NotPushed(IReadOnlyList<(string Commit, string Branch)> updates)
    {
        if (_afterFailedPush is not { } heads)
        {
            return "Whether the push arrived could not be learned (the server did not answer afterwards either); run again: a change that arrived is found already there.";
        }
        var change = updates[0];
        return heads.TryGetValue(change.Branch, out var head)
            ? $"Nothing was pushed: {change.Branch} is still at {head[..7]} on the server, and nothing is lost; run again."
            : $"Nothing was pushed: the server has no branch {change.Branch}, and nothing is lost; run again.";
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
