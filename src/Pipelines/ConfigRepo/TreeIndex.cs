using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// The folders of one commit, each read from git once: its tree walked into entries, kept in git's order and by name, so that
/// a file is found in its folder's entries and read by its blob id. Looking each file up from the root instead (<c>tree[path]</c>)
/// reads every tree on the way again, and libgit2 keeps no tree over 4 KB in memory: in a folder of 2,000 manifests (an 80 KB
/// tree) every file read re-read and re-hashed the whole folder, so reading a folder cost the square of its size.
/// </summary>
internal sealed class TreeIndex(Tree root)
{
    private readonly Dictionary<string, Folder?> _folders = new(StringComparer.Ordinal);
    // Releases read a snapshot from two threads at once (the scan, and the cluster preparing the apply in the background).
    private readonly Lock _lock = new();

    /// <summary>The entries of <paramref name="folder"/> ("" for the root; no leading or trailing '/') in git's order, or null
    /// when there is no such folder.</summary>
    public IReadOnlyList<TreeEntry>? EntriesOf(string folder) => FolderAt(folder)?.Entries;

    /// <summary>The entry at <paramref name="path"/> (no leading or trailing '/'), or null.</summary>
    public TreeEntry? Find(string path)
    {
        var slash = path.LastIndexOf('/');
        return FolderAt(slash < 0 ? "" : path[..slash])?.ByName.GetValueOrDefault(path[(slash + 1)..]);
    }

    private Folder? FolderAt(string path)
    {
        lock (_lock)
        {
            if (_folders.TryGetValue(path, out var folder)) return folder;
            var tree = path.Length == 0 ? root : Find(path)?.Target as Tree;
            return _folders[path] = tree is null ? null : new Folder(tree.ToList());
        }
    }

    private sealed class Folder(List<TreeEntry> entries)
    {
        public IReadOnlyList<TreeEntry> Entries => entries;

        public Dictionary<string, TreeEntry> ByName { get; } = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }
}
