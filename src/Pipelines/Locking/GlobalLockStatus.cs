using LibGit2Sharp;
using Pipelines.ConfigRepo;

namespace Pipelines.Locking;

/// <summary>
/// The git lock as its branch shows it: free (and, if it was broken by hand, by whom and why), or held — by whom, since
/// when, last renewed when, with which TTL. Times are the commits' committer times, that is the holder's clock; waiters
/// judge expiry by their own (<see cref="LockRules"/>).
/// </summary>
/// <param name="Since">When the holder's first lock commit of this holding was made (its own clock).</param>
/// <param name="Renewed">When its newest was made: taking the lock, or its last renewal.</param>
public sealed record GlobalLockStatus(string Lock, string? Commit, LockCommit State, DateTimeOffset? Since, DateTimeOffset? Renewed, LockBreak? Broken)
{
    public static async Task<GlobalLockStatus> ReadAsync(ObjectCache cache, string branch, CancellationToken cancellationToken = default)
    {
        var description = $"git branch {branch} of {cache.Remote.Display}";
        var head = cache.RemoteHead(branch);
        if (head is null) return new GlobalLockStatus(description, null, LockCommit.Free, null, null, null);
        return await cache.WithRepositoryAsync(repository =>
        {
            if (repository.Lookup<Commit>(head) is null) cache.FetchAllBranches(repository);
            var commit = repository.Lookup<Commit>(head)
                ?? throw new InvalidOperationException($"The lock branch {branch} moved while it was read; look again.");
            var state = LockCommit.Parse(commit.Message);
            if (state.IsFree) return new GlobalLockStatus(description, head, state, null, commit.Committer.When, LockCommit.ParseBreak(commit.Message));
            // The holding began with the oldest of the consecutive commits naming this holder (taking, then renewals).
            var first = commit;
            for (var parent = first.Parents.FirstOrDefault(); parent is not null && LockCommit.Parse(parent.Message).Holder?.Id == state.Holder!.Id; parent = parent.Parents.FirstOrDefault())
            {
                first = parent;
            }
            return new GlobalLockStatus(description, head, state, first.Committer.When, commit.Committer.When, null);
        }, cancellationToken);
    }
}

/// <summary>The lock's status as a result document (GlobalLockStatus, docs/json.md).</summary>
public static class GlobalLockDocuments
{
    public static Documents.GlobalLockStatusDocument Status(GlobalLockStatus status)
    {
        var held = !status.State.IsFree;
        return new(status.Lock, held,
            status.State.Holder is { } holder ? new Documents.LockHolderJson(holder.Id, holder.User, holder.Host, holder.BuildUrl) : null,
            held ? status.Since : null, held ? status.Renewed : null, held ? (long)status.State.Ttl.TotalSeconds : null, status.Commit,
            status.Broken is { } broken ? new Documents.LockBreakJson(broken.By, broken.Reason, broken.WasHeldBy) : null);
    }
}
