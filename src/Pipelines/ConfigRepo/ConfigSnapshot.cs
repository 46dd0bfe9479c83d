using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// The config repo at one commit, read straight from git objects: no working tree is written, so
/// processes on one machine never share one, and a run costs nothing per file it does not read
/// (creating a file costs about a millisecond on these machines: a checkout of 5,000 manifests, 5 s).
/// </summary>
public sealed class ConfigSnapshot : IDisposable
{
    private readonly TreeIndex? _index;
    private readonly Repository? _repository;
    private readonly bool _ownsRepository;

    internal ConfigSnapshot(string? commit, Tree? tree, Repository? repository = null, bool ownsRepository = false)
    {
        Commit = commit;
        _index = tree is null ? null : new TreeIndex(tree);
        _repository = repository;
        _ownsRepository = ownsRepository;
    }

    public void Dispose()
    {
        if (_ownsRepository) _repository?.Dispose();
    }

    /// <summary>The images rejected in <paramref name="environment"/> at this commit, from all of its history. The history is read
    /// from trailers alone, and only the commits that can decide a rejection (those naming an image some rollback left) have
    /// their diffs checked (<see cref="TrailerCheck"/>), so a long history costs what reading its messages costs.</summary>
    public Releases.Rejections Rejections(string environment)
    {
        if (Commit is null || _repository is null) return Releases.Rejections.None;
        var repository = _repository;
        return Releases.Rejections.From(ConfigHistory.Entries(repository, Commit, environment, verify: false),
            entry => repository.Lookup<LibGit2Sharp.Commit>(entry.Commit) is { } commit && Releases.ReleaseCommitMessage.Parse(commit.Message) is { } message
                && TrailerCheck.Problem(repository, commit, message) is null);
    }

    /// <summary>The commit shown; null for an empty remote (no branch yet).</summary>
    public string? Commit { get; }

    /// <summary>The message of <see cref="Commit"/>, when the snapshot can read it.</summary>
    public string? CommitMessage => Commit is null ? null : _repository?.Lookup<LibGit2Sharp.Commit>(Commit)?.Message;

    /// <summary>Every file under <paramref name="folder"/> ("" for all), as paths with '/', in git's order.</summary>
    public IEnumerable<string> Files(string folder = "")
    {
        var start = folder.Trim('/');
        return _index?.EntriesOf(start) is { } entries ? Walk(entries, start.Length == 0 ? "" : start + "/") : [];
    }

    public bool Exists(string path) => BlobAt(path) is not null;

    /// <summary>The file's text (UTF-8, a BOM kept as U+FEFF so that edits can keep it), or null when absent.</summary>
    public string? ReadText(string path)
    {
        if (BlobAt(path) is not { } blob) return null;
        using var reader = new StreamReader(blob.GetContentStream(), new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        return reader.ReadToEnd();
    }

    public long SizeOf(string path) => BlobAt(path)?.Size ?? -1;

    /// <summary>The snapshot as the manifest readers see files, so that they stay free of git.</summary>
    public Manifests.RepoFiles AsRepoFiles() => new(Files, ReadText, SizeOf);

    // The entry keeps its blob, and the blob its size once read: reading the size and then the text (as the scan does)
    // reads the blob twice, not three times.
    private Blob? BlobAt(string path) => _index?.Find(path.Trim('/'))?.Target as Blob;

    private IEnumerable<string> Walk(IReadOnlyList<TreeEntry> entries, string prefix)
    {
        foreach (var entry in entries)
        {
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                foreach (var path in Walk(_index!.EntriesOf(prefix + entry.Name)!, prefix + entry.Name + "/")) yield return path;
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob)
            {
                yield return prefix + entry.Name;
            }
        }
    }
}
