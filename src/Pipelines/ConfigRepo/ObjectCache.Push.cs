using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>Pushing from the cache: one ref update, or several at once.</summary>
public sealed partial class ObjectCache
{
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
}
