using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// A push without force. libgit2 refuses, before sending anything, to update a remote branch whose
/// advertised commit is not an ancestor of ours, and the server refuses an update whose expected old
/// commit is no longer the branch's: together, a compare-and-swap. Both refusals — and any the server
/// reports per ref, which LibGit2Sharp only passes to <c>OnPushStatusError</c> — come back as
/// "remote moved", never as silence.
/// </summary>
internal static class GitPush
{
    public static PushOutcome Push(Repository repository, RemoteUrl remote, GitCredentials? credentials, string refSpec) =>
        Push(repository, remote, credentials, [refSpec])[0];

    /// <summary>Several refs in one push (one connection, one pack). The server updates them one by one, so each has its
    /// own outcome, in the order given; a refusal before sending (libgit2's fast-forward check) refuses them all.</summary>
    /// <param name="leases">Refs (<c>refs/heads/x</c>) each with the head its update was built for: the config branch's pushes,
    /// and a forced <c>+</c> refspec that replaces the lock branch with a commit that does not descend from its head. libgit2
    /// cannot push with a lease, so the check is made where it can be: in the negotiation callback, which sees the remote's
    /// head as the server advertised it on this very connection, before anything is sent; the server's receive-pack then
    /// updates the ref only if it is still that head. A ref that moved refuses the whole push, as a failed fast-forward check
    /// does; one already at the commit pushed (a push that arrived before a signal interrupted it) is not "moved".</param>
    public static IReadOnlyList<PushOutcome> Push(Repository repository, RemoteUrl remote, GitCredentials? credentials, IReadOnlyList<string> refSpecs,
        IReadOnlyDictionary<string, string>? leases = null)
    {
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        string? leaseBroken = null;
        var options = new PushOptions
        {
            CredentialsProvider = credentials?.Handler,
            OnPushStatusError = error => refusals[error.Reference] = $"{error.Reference}: {error.Message}",
        };
        if (leases is { Count: > 0 })
        {
            options.OnNegotiationCompletedBeforePush = updates =>
            {
                foreach (var update in updates)
                {
                    if (leases.TryGetValue(update.DestinationRefName, out var expected) && update.SourceObjectId?.Sha != expected
                        && update.SourceObjectId?.Sha != update.DestinationObjectId?.Sha)
                    {
                        leaseBroken = $"{update.DestinationRefName} is at {update.SourceObjectId?.Sha[..7] ?? "nothing"} on the server, not {expected[..7]}";
                        return false;
                    }
                }
                return true;
            };
        }
        var origin = repository.Network.Remotes["origin"] ?? repository.Network.Remotes.Add("origin", remote.Value);
        try
        {
            repository.Network.Push(origin, refSpecs, options);
        }
        catch (NonFastForwardException e)
        {
            return refSpecs.Select(_ => PushOutcome.RemoteMoved(e.Message)).ToList();
        }
        catch (LibGit2SharpException e) when (leaseBroken is not null)
        {
            return refSpecs.Select(_ => PushOutcome.RemoteMoved(leaseBroken + $" ({e.Message})")).ToList();
        }
        catch (LibGit2SharpException e) when (e.Message.Contains("not present locally", StringComparison.Ordinal)
                                             || e.Message.Contains("non-fast", StringComparison.OrdinalIgnoreCase))
        {
            return refSpecs.Select(_ => PushOutcome.RemoteMoved(e.Message)).ToList();
        }
        catch (LibGit2SharpException e)
        {
            throw new GitRemoteException(remote, "push", e);
        }
        return refSpecs.Select(spec => refusals.TryGetValue(Destination(spec), out var refusal) ? PushOutcome.RemoteMoved(refusal) : PushOutcome.Pushed).ToList();
    }

    private static string Destination(string refSpec) => refSpec[(refSpec.LastIndexOf(':') + 1)..];
}
