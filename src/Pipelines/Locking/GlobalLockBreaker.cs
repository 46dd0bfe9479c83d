using LibGit2Sharp;
using Pipelines.ConfigRepo;

namespace Pipelines.Locking;

/// <summary>
/// Frees the git lock by hand (<c>BreakGlobalLock</c>): a "free" commit recording who broke it, why and who held it,
/// pushed onto the head that was read — a compare-and-swap, so a holder that renewed (or a lock released or taken)
/// meanwhile makes the break fail instead of breaking someone else's lock. A long lock branch restarts from this commit
/// (<see cref="LockBranchHistory"/>).
/// </summary>
public static class GlobalLockBreaker
{
    /// <summary>What breaking did: nothing to break (free), broken, or refused because the lock moved meanwhile.</summary>
    public enum Outcome
    {
        AlreadyFree,
        Broken,
        Moved,
    }

    public static async Task<(Outcome Outcome, GlobalLockStatus Before, string? Commit)> BreakAsync(ObjectCache cache, string branch, string breaker, string reason,
        int restartAfter = 300, CancellationToken cancellationToken = default)
    {
        var before = await GlobalLockStatus.ReadAsync(cache, branch, cancellationToken);
        if (before.State.IsFree || before.Commit is not { } head) return (Outcome.AlreadyFree, before, null);
        var pushed = await cache.WithRepositoryAsync(repository =>
        {
            var message = LockCommit.FormatBroken(breaker, reason, before.State.Holder!);
            var signature = new Signature(breaker, "lock-admin@pipelines", DateTimeOffset.Now);
            string Create(bool root) => repository.ObjectDatabase.CreateCommit(signature, signature, message,
                repository.ObjectDatabase.CreateTree(new TreeDefinition()), root ? [] : [repository.Lookup<Commit>(head)], prettifyMessage: false).Sha;
            if (!LockBranchHistory.RestartRefusedRecently(cache.Folder) && LockBranchHistory.IsLong(repository, head, restartAfter))
            {
                var root = Create(root: true);
                var outcome = cache.Push(repository, new RefUpdate(branch, root, Lease: head, Rewrites: true));
                if (outcome.Accepted) return root;
                if (outcome.RejectionReason?.Contains(" on the server, not ", StringComparison.Ordinal) == true) return null; // the lock moved
                LockBranchHistory.RememberRestartRefused(cache.Folder, outcome.RejectionReason ?? "");
            }
            var child = Create(root: false);
            return cache.Push(repository, new RefUpdate(branch, child)).Accepted ? child : null;
        }, cancellationToken);
        return (pushed is null ? Outcome.Moved : Outcome.Broken, before, pushed);
    }
}
