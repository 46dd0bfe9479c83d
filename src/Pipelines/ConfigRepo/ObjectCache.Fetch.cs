using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>Fetching into the cache and reading what the remote has (ls-remote).</summary>
public sealed partial class ObjectCache
{
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

    internal static string TrackingRef(string branch) => $"refs/remotes/origin/{branch}";

    internal FetchOptions FetchOptions() => new() { CredentialsProvider = Credentials?.Handler, TagFetchMode = TagFetchMode.None, Prune = true };
}
