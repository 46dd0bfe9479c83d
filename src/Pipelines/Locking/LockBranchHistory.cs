using LibGit2Sharp;

namespace Pipelines.Locking;

/// <summary>
/// Keeps the lock branch short. Every job adds commits to it (take, renew, release), so it would grow for ever; when it
/// passes <see cref="GitLock.RestartAfter"/> commits, the release commit is a new root commit instead of a child of the
/// lock's head, pushed with a lease on that head (<see cref="ConfigRepo.GitPush"/>): the branch then holds one commit.
/// Servers that refuse to move a branch to a commit that does not descend from it (receive.denyNonFastForwards, a
/// protected branch) are remembered per cache for a day, and the branch grows there as before.
/// </summary>
internal static class LockBranchHistory
{
    private static readonly TimeSpan RememberRefusal = TimeSpan.FromDays(1);

    /// <summary>Whether the first-parent chain from <paramref name="head"/> is at least <paramref name="limit"/> commits long.</summary>
    public static bool IsLong(Repository repository, string head, int limit)
    {
        var commit = repository.Lookup<Commit>(head);
        var length = 0;
        while (commit is not null && ++length < limit) commit = commit.Parents.FirstOrDefault();
        return length >= limit;
    }

    public static bool RestartRefusedRecently(string cacheFolder)
    {
        var marker = Marker(cacheFolder);
        return File.Exists(marker) && DateTime.UtcNow - File.GetLastWriteTimeUtc(marker) < RememberRefusal;
    }

    public static void RememberRestartRefused(string cacheFolder, string reason)
    {
        try
        {
            File.WriteAllText(Marker(cacheFolder), reason + "\n");
        }
        catch (IOException)
        {
            // the next release tries again, and is refused again: harmless
        }
    }

    private static string Marker(string cacheFolder) => Path.Combine(cacheFolder, "lock-branch-restart-refused");
}
