using LibGit2Sharp;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>Where the config repo is and how to talk to it.</summary>
public sealed record ConfigRepoOptions(RemoteUrl Remote, string Branch, GitCredentials? Credentials, string CacheRoot, int PushAttempts, CommitIdentity Identity)
{
    /// <summary>Push here instead of <see cref="Branch"/> (<c>--push-branch</c>: production branches protected by merge
    /// requests). Commits build on this branch when the remote has it (a pending request grows), else on <see cref="Branch"/>.</summary>
    public string? PushBranch { get; init; }

    /// <summary>The branch commits are pushed to.</summary>
    public string TargetBranch => PushBranch ?? Branch;

    /// <summary>How long to wait for another process of this machine using the object cache (<c>--lock-timeout</c>).</summary>
    public TimeSpan CacheLockTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Updates the config repo by compare-and-swap: read the branch head, run the update function on it, commit, push with a
/// lease on that head and without force; when the push is refused because the branch moved, read it again and re-run the
/// same function on the new head, with jittered backoff. No update is ever lost and the branch is never force-pushed. The
/// global lock is taken only when the function has something to commit; the loop sees it only as an <see cref="IUpdateLock"/>.
/// </summary>
public sealed class ConfigRepository(ConfigRepoOptions options, ILog log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ObjectCache Cache { get; } = ObjectCache.Open(options.CacheRoot, options.Remote, options.Credentials, log, options.CacheLockTimeout);

    public ConfigRepoOptions Options => options;

    /// <summary>The remote branch as it is now (the push branch when it exists). Dispose it when done.</summary>
    public async Task<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var head = (await BaseAsync(cancellationToken)).Commit;
        if (head is null && Cache.Branches() is { Count: > 0 } branches)
        {
            // An empty repository is read as empty (its first commit is still to come); a branch missing from one that has
            // others is a mistake in --config-branch, which would otherwise surface as "no pipelines.yaml".
            throw new PipelinesException(FaultKind.Usage, $"--config-branch {options.Branch}: {options.Remote.Display} has no branch {options.Branch}; its branches: " +
                $"{string.Join(", ", branches)}. Name the config branch with --config-branch.");
        }
        var repository = new Repository(Cache.BarePath);
        return new ConfigSnapshot(head, head is null ? null : repository.Lookup<Commit>(head).Tree, repository, ownsRepository: true);
    }

    /// <summary>The config repo at a commit this cache has (one it fetched or pushed). Dispose it when done.</summary>
    public ConfigSnapshot SnapshotAt(string commit)
    {
        var repository = new Repository(Cache.BarePath);
        return new ConfigSnapshot(commit, repository.Lookup<Commit>(commit).Tree, repository, ownsRepository: true);
    }

    /// <param name="globalLock">Taken only when the update has something to commit, and held until it is pushed (and
    /// <paramref name="afterPush"/> has run).</param>
    /// <param name="afterPush">Runs after a successful push while the lock is still held (applying to the cluster).</param>
    /// <param name="readJustNow">A snapshot the caller has just read (<see cref="ReadAsync"/>): the first look uses it instead
    /// of fetching again. Safe, because the push is a compare-and-swap: a branch that moved since is fetched and re-applied.</param>
    public async Task<UpdateResult> UpdateAsync(ConfigUpdate update, IUpdateLock globalLock, Func<string, Task>? afterPush = null, CancellationToken cancellationToken = default,
        ConfigSnapshot? readJustNow = null)
    {
        var head = readJustNow is not null ? new Base(readJustNow.Commit, options.PushBranch is null ? readJustNow.Commit : null) : await BaseAsync(cancellationToken);
        using var repository = new Repository(Cache.BarePath);
        if (HasEdits(update(Snapshot(repository, head.Commit))) is null) return NothingToChange(head.Commit, attempts: 0);

        await using var held = await HeldLock.TakeAsync(globalLock, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            // Under a lock, start again from the newest head: others may have pushed while we waited (the lock may have seen where
            // it was). Without one nothing was waited for: the first attempt keeps the head read just now.
            if (attempt > 1 || globalLock.WaitsForOthers) head = (attempt == 1 ? HeadWhenLocked(held.HeadsWhenTaken, repository) : null) ?? await BaseAsync(cancellationToken);
            var change = HasEdits(update(Snapshot(repository, head.Commit)));
            var commit = change is null ? head.Commit : Commit(repository, head.Commit, change);
            if (change is null || commit == head.Commit) return NothingToChange(head.Commit, attempt);
            // A lease on the head it was built on, no force; the lock goes with it unless work (applying) follows under it.
            var outcome = await held.PushAsync(Cache, new RefUpdate(options.TargetBranch, commit!, head.Lease), releaseWithIt: afterPush is null, cancellationToken);
            if (outcome.Accepted)
            {
                log.Info($"Pushed {Short(commit)} to {options.TargetBranch} of {options.Remote.Display}" + (attempt > 1 ? $" (attempt {attempt})." : "."));
                if (afterPush is not null) await afterPush(commit!);
                return new UpdateResult(commit, change, attempt) { Branch = options.TargetBranch };
            }
            if (attempt >= options.PushAttempts)
            {
                throw new PipelinesException(FaultKind.Failed,
                    $"{options.Remote.Display} refused the push {attempt} times because {options.TargetBranch} kept moving ({outcome.RejectionReason}). " +
                    "Nothing was pushed and nothing is lost; run again, or raise --push-attempts.");
            }
            var delay = Backoff(attempt);
            log.Info($"{options.TargetBranch} moved on the remote ({outcome.RejectionReason}); re-applying the change on the new head in {delay.TotalMilliseconds:0} ms (attempt {attempt + 1} of {options.PushAttempts}).");
            await Task.Delay(delay, _clock, cancellationToken);
        }
    }

    // By the change's author when it has one (someone signed in to the console), always written by this repository's identity.
    private string Commit(Repository repository, string? parent, ConfigChange change)
    {
        var now = _clock.GetLocalNow();
        var identity = options.Identity.Signature(now);
        var author = change.Author is { } person ? new Signature(person.Name, person.Email, now) : identity;
        return CommitBuilder.Create(repository, parent, change.Edits, change.Message.Format(), author, change.TrailersOnly, committer: identity);
    }

    private UpdateResult NothingToChange(string? head, int attempts)
    {
        log.Info(attempts == 0 ? $"Nothing to change in {options.Remote.Display} ({options.Branch} at {Short(head)})."
            : $"Nothing left to change: {options.Branch} at {Short(head)} already has it.");
        return new UpdateResult(null, null, attempts) { Branch = options.TargetBranch };
    }

    /// <summary>Where an attempt builds: <paramref name="Commit"/>, the head of the push branch when it exists, else of the config
    /// branch; and <paramref name="Lease"/>, the head the push must find on the branch it updates (null when that branch does
    /// not exist yet, or is not known).</summary>
    private readonly record struct Base(string? Commit, string? Lease);

    // The lock saw the branch heads as it was taken: when this cache already has the commit (a job of this machine pushed it),
    // no fetch is needed.
    private Base? HeadWhenLocked(IReadOnlyDictionary<string, string>? heads, Repository repository)
    {
        if (heads is null) return null;
        var onPushBranch = options.PushBranch is { } pushBranch && heads.ContainsKey(pushBranch);
        return heads.TryGetValue(onPushBranch ? options.PushBranch! : options.Branch, out var head) && repository.Lookup<Commit>(head) is not null
            ? new Base(head, onPushBranch || options.PushBranch is null ? head : null)
            : null;
    }

    // With --push-branch, a branch that already exists (an open merge request) is built on, so its pushes fast-forward.
    private async Task<Base> BaseAsync(CancellationToken cancellationToken)
    {
        if (options.PushBranch is { } pushBranch && await Cache.FetchAsync(pushBranch, cancellationToken) is { } pending) return new Base(pending, pending);
        var head = await Cache.FetchAsync(options.Branch, cancellationToken);
        return new Base(head, options.PushBranch is null ? head : null);
    }

    // 50 ms doubling to at most 2 s, each wait randomised ±50% so that racing jobs spread out.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(2000, 50 * Math.Pow(2, attempt - 1)) * (0.5 + Random.Shared.NextDouble()));

    private static ConfigSnapshot Snapshot(Repository repository, string? head) =>
        new(head, head is null ? null : repository.Lookup<Commit>(head).Tree, repository);

    private static ConfigChange? HasEdits(ConfigChange? change) => change is { Edits.Count: > 0 } or { TrailersOnly: true } ? change : null;

    public static string Short(string? commit) => commit is null ? "(empty)" : commit[..Math.Min(7, commit.Length)];
}
