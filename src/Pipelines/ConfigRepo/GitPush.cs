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
    public static PushOutcome Push(Repository repository, RemoteUrl remote, GitCredentials? credentials, string refSpec)
    {
        string? refusal = null;
        var options = new PushOptions
        {
            CredentialsProvider = credentials?.Handler,
            OnPushStatusError = error => refusal = $"{error.Reference}: {error.Message}",
        };
        var origin = repository.Network.Remotes["origin"] ?? repository.Network.Remotes.Add("origin", remote.Value);
        try
        {
            repository.Network.Push(origin, refSpec, options);
        }
        catch (NonFastForwardException e)
        {
            return PushOutcome.RemoteMoved(e.Message);
        }
        catch (LibGit2SharpException e) when (e.Message.Contains("not present locally", StringComparison.Ordinal)
                                             || e.Message.Contains("non-fast", StringComparison.OrdinalIgnoreCase))
        {
            return PushOutcome.RemoteMoved(e.Message);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitRemoteException(remote, "push", e);
        }
        return refusal is null ? PushOutcome.Pushed : PushOutcome.RemoteMoved(refusal);
    }
}
