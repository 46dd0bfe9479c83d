using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// A push of one or more refs from an object cache, in one connection: through refs of the run's own, so that processes
/// sharing the cache never touch each other's; pushed again when a signal interrupted it; and, when it failed, checked with
/// the server, since a push can fail after the server took it.
/// </summary>
internal static class RefPush
{
    /// <param name="deleting">Refs (full names) deleted in the same push, best effort: their outcomes are not reported.</param>
    /// <returns>One outcome per update, in order: the server updates refs one by one.</returns>
    public static IReadOnlyList<PushOutcome> Push(ObjectCache cache, Repository repository, IReadOnlyList<RefUpdate> updates, IReadOnlyList<string>? deleting = null)
    {
        var locals = updates.Select(_ => $"refs/pipelines/push/{Guid.NewGuid():N}").ToList();
        for (var i = 0; i < updates.Count; i++) repository.Refs.Add(locals[i], new ObjectId(updates[i].Commit));
        try
        {
            var leases = updates.Where(u => u.Lease is not null).ToDictionary(u => $"refs/heads/{u.Branch}", u => u.Lease!, StringComparer.Ordinal);
            var refSpecs = updates.Select((u, i) => $"{(u.Rewrites ? "+" : "")}{locals[i]}:refs/heads/{u.Branch}")
                .Concat((deleting ?? []).Select(r => $":{r}")).ToList();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return Interrupted.Shielded(() => GitPush.Push(repository, cache.Remote, cache.Credentials, refSpecs, leases)).Take(updates.Count).ToList();
                }
                catch (GitRemoteException failed)
                {
                    var serverHeads = HeadsAfter(cache);
                    if (LandedDespite(cache, failed, updates, serverHeads) is { } landed) return landed;
                    // Interrupted by a signal (Interrupted): push again. Safe even when whether it arrived is unknown: the
                    // push is a compare-and-swap, and one that arrived makes the next a no-op or a refusal as "moved".
                    if (attempt < Interrupted.Attempts && Interrupted.Is(failed))
                    {
                        Interrupted.Pause(attempt);
                        continue;
                    }
                    throw failed.With(NotPushed(updates[0], serverHeads));
                }
            }
        }
        finally
        {
            foreach (var local in locals) repository.Refs.Remove(local);
        }
    }

    // Where the server's branches are after a failed push; null when it does not answer either.
    private static IReadOnlyDictionary<string, string>? HeadsAfter(ObjectCache cache)
    {
        try
        {
            return cache.RemoteHeads();
        }
        catch (GitRemoteException)
        {
            return null;
        }
    }

    // A push can fail after the server took it: the connection cut before the server's answer arrived, or this cache's own
    // tracking ref could not be updated afterwards. The server then has our commits, and saying "failed" would make a job
    // whose change landed exit 1 (and a lock taken look not taken). So a failed push asks the server where the branches
    // are: all of them at our commits means the push landed. Null (the failure stands) otherwise, or when the server
    // cannot say either.
    private static IReadOnlyList<PushOutcome>? LandedDespite(ObjectCache cache, GitRemoteException failure, IReadOnlyList<RefUpdate> updates,
        IReadOnlyDictionary<string, string>? heads)
    {
        if (heads is null || !updates.All(u => heads.GetValueOrDefault(u.Branch) == u.Commit)) return null;
        cache.Log.Warn($"The push to {cache.Remote.Display} reported a failure after the server took it ({failure.InnerException?.Message.TrimEnd('.')}); " +
            $"{string.Join(" and ", updates.Select(u => $"{u.Branch} is at {u.Commit[..7]}"))} on the server, so it landed.");
        return updates.Select(_ => PushOutcome.Pushed).ToList();
    }

    // What a failed push left on the server, as the look after it found it: the user must know whether to run again.
    private static string NotPushed(RefUpdate change, IReadOnlyDictionary<string, string>? heads)
    {
        if (heads is null)
        {
            return "Whether the push arrived could not be learned (the server did not answer afterwards either); run again: a change that arrived is found already there.";
        }
        return heads.TryGetValue(change.Branch, out var head)
            ? $"Nothing was pushed: {change.Branch} is still at {head[..7]} on the server, and nothing is lost; run again."
            : $"Nothing was pushed: the server has no branch {change.Branch}, and nothing is lost; run again.";
    }
}
