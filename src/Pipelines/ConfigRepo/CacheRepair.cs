using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// What a process killed while writing the object cache leaves behind, found and undone. Every write to the cache happens
/// under its file lock (<see cref="ObjectCache.WithRepositoryAsync{T}"/>), and libgit2 removes its own lock files when an
/// update fails; so a <c>*.lock</c> file that is there when a process has just taken the cache's file lock was left by a
/// holder that died mid-update (SIGKILL during a ref update leaves <c>refs/remotes/origin/&lt;branch&gt;.lock</c>), and
/// would make every later update of that ref fail for ever.
/// </summary>
internal static class CacheRepair
{
    /// <summary>Deletes the lock files in <paramref name="bare"/> last written before <paramref name="lockTaken"/> (older
    /// than the lock this process holds: nobody alive is writing them). Returns the ones deleted, relative to the repository.</summary>
    public static IReadOnlyList<string> RemoveStaleLockFiles(string bare, DateTime lockTaken)
    {
        if (!Directory.Exists(bare)) return [];
        var removed = new List<string>();
        foreach (var file in LockFiles(bare))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) >= lockTaken) continue;
                File.Delete(file);
                removed.Add(Path.GetRelativePath(bare, file));
            }
            catch (IOException)
            {
                // gone meanwhile, or not ours to delete: the update that needs it reports it
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return removed;
    }

    // Where git and libgit2 put lock files: beside HEAD, config, packed-refs and the index, and beside every ref.
    private static IEnumerable<string> LockFiles(string bare)
    {
        foreach (var file in Directory.EnumerateFiles(bare, "*.lock")) yield return file;
        var refs = Path.Combine(bare, "refs");
        if (Directory.Exists(refs)) foreach (var file in Directory.EnumerateFiles(refs, "*.lock", SearchOption.AllDirectories)) yield return file;
    }

    /// <summary>Whether every object of <paramref name="commit"/> is in the repository: the commit and its trees read, each
    /// blob present. A cache that lost objects (a pack deleted or cut short) would fail later, mid-run, on a file it cannot
    /// read; the caller fetches it anew instead.</summary>
    public static string? MissingObject(Repository repository, string commit)
    {
        try
        {
            if (repository.Lookup<Commit>(commit) is not { } found) return $"commit {commit[..7]}";
            var trees = new Stack<Tree>([found.Tree]);
            while (trees.TryPop(out var tree))
            {
                foreach (var entry in tree)
                {
                    if (entry.TargetType == TreeEntryTargetType.Tree) trees.Push((Tree)entry.Target);
                    else if (entry.TargetType == TreeEntryTargetType.Blob && !repository.ObjectDatabase.Contains(entry.Target.Id)) return $"{entry.Path} ({entry.Target.Sha[..7]})";
                }
            }
            return null;
        }
        catch (LibGit2SharpException e)
        {
            return $"objects of {commit[..7]} ({e.Message})";
        }
    }
}
