using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// Another object cache of this machine (another workspace's), read as a local remote: the commits it pushed last are behind
/// its remote-tracking refs, which a push updates, so a cache lacking them copies them from its files without the server.
/// The git lock's hand-over between jobs of one machine names the cache that pushed the handed-over commits.
/// </summary>
internal static class NeighbourCache
{
    /// <summary>Copies what <paramref name="neighbourBarePath"/> holds into <paramref name="repository"/> (a fetch through a
    /// temporary local remote, in-process). False when that cache is this one or cannot be read: then ask the server.</summary>
    public static bool CopyInto(Repository repository, string neighbourBarePath)
    {
        const string remote = "pipelines-neighbour", borrowed = "refs/pipelines/neighbour/";
        if (SamePath(neighbourBarePath, repository.Info.Path) || !Directory.Exists(neighbourBarePath)) return false;
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

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
