using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// A working tree of its own for one run, in <c>&lt;cache&gt;/runs/&lt;unique&gt;</c>, borrowing the cache's objects
/// (git alternates) so that creating it copies no history. Several processes on one machine never share
/// a working tree. Deleted when disposed.
/// </summary>
public sealed class WorkingCopy : IDisposable
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(12);
    private readonly ObjectCache _cache;
    private readonly Repository _repository;
    private readonly string _branch;

    private WorkingCopy(ObjectCache cache, string directory, string branch)
    {
        _cache = cache;
        Directory = directory;
        _branch = branch;
        _repository = new Repository(directory);
    }

    /// <summary>The root of the work tree: the config repo's files as of <see cref="Head"/>.</summary>
    public string Directory { get; }

    /// <summary>The commit the work tree shows; null while the remote branch does not exist yet.</summary>
    public string? Head { get; private set; }

    public static WorkingCopy Create(ObjectCache cache, string branch)
    {
        var runs = Path.Combine(cache.Folder, "runs");
        RemoveStale(runs);
        var directory = Path.Combine(runs, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Repository.Init(directory);
        var objects = Path.Combine(cache.BarePath, "objects");
        File.WriteAllText(Path.Combine(directory, ".git", "objects", "info", "alternates"), objects + "\n");
        return new WorkingCopy(cache, directory, branch);
    }

    /// <summary>Shows <paramref name="commit"/> (a commit the cache has), discarding any local change.</summary>
    public void ResetTo(string? commit)
    {
        Head = commit;
        if (commit is null)
        {
            // An empty remote: start from an empty tree on an unborn branch.
            _repository.Refs.UpdateTarget("HEAD", $"refs/heads/{_branch}");
            foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(Directory).Where(e => Path.GetFileName(e) != ".git"))
            {
                if (System.IO.Directory.Exists(entry)) System.IO.Directory.Delete(entry, true);
                else File.Delete(entry);
            }
            return;
        }
        var target = _repository.Lookup<Commit>(commit) ?? throw new InvalidOperationException($"Commit {commit} is not in the cache.");
        if (_repository.Branches[_branch] is null) _repository.CreateBranch(_branch, target);
        else _repository.Refs.UpdateTarget(_repository.Refs[$"refs/heads/{_branch}"], target.Id, "pipelines: reset to remote");
        _repository.Refs.UpdateTarget("HEAD", $"refs/heads/{_branch}");
        _repository.Reset(ResetMode.Hard, target);
        _repository.RemoveUntrackedFiles();
    }

    /// <summary>Writes the edits, commits them on <see cref="Head"/>, and returns the new commit's id.</summary>
    public string Commit(IReadOnlyList<FileEdit> edits, string message, Signature author)
    {
        foreach (var edit in edits)
        {
            var path = Path.Combine(Directory, edit.Path.Replace('/', Path.DirectorySeparatorChar));
            if (edit.NewContent is null)
            {
                if (File.Exists(path)) File.Delete(path);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // Written as UTF-8 without adding a BOM: the text keeps whatever BOM it carries itself.
                File.WriteAllText(path, edit.NewContent, new System.Text.UTF8Encoding(false));
            }
            Commands.Stage(_repository, edit.Path);
        }
        var commit = _repository.Commit(message, author, author, new CommitOptions { PrettifyMessage = false, AllowEmptyCommit = false });
        return commit.Sha;
    }

    /// <summary>Pushes the branch without force. A refusal because the remote branch moved is an outcome,
    /// not an error: libgit2 reports it as a non-fast-forward error or through the push-status callback.</summary>
    public PushOutcome Push() =>
        GitPush.Push(_repository, _cache.Remote, _cache.Credentials, $"refs/heads/{_branch}:refs/heads/{_branch}");

    public void Dispose()
    {
        _repository.Dispose();
        TryDelete(Directory);
    }

    // Runs of crashed processes leave their folders behind; they are only ever read by their own run.
    private static void RemoveStale(string runs)
    {
        if (!System.IO.Directory.Exists(runs)) return;
        foreach (var run in System.IO.Directory.EnumerateDirectories(runs))
        {
            if (DateTime.UtcNow - System.IO.Directory.GetLastWriteTimeUtc(run) > StaleAfter) TryDelete(run);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (!System.IO.Directory.Exists(directory)) return;
            foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
