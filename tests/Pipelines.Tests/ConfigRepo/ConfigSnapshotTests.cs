using System.Text;
using LibGit2Sharp;
using Pipelines.ConfigRepo;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>A snapshot reads the config repo straight from git objects. Each folder's tree is walked once per snapshot and
/// files are read by the entries that walk found, so reading every file of a folder of thousands costs one read of the folder,
/// not one per file.</summary>
public sealed class ConfigSnapshotTests : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("pipelines-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_path, recursive: true);

    [Fact]
    public void Every_file_of_a_folder_is_read_by_its_entry_after_one_walk_of_the_folder()
    {
        // 300 entries make the folder's tree about 13 KB: over the 4 KB up to which libgit2 keeps trees in memory, so a file
        // looked up from the root would read the folder's tree again from the object database.
        var files = Enumerable.Range(0, 300).Select(i => ($"envs/staging/service-{i:D3}.yaml", $"kind: Deployment # {i}\n")).ToList();
        using var repository = Commit(files, out var commit);
        using var snapshot = new ConfigSnapshot(commit.Sha, commit.Tree, repository);
        var folder = ((Tree)commit.Tree["envs/staging"].Target).Id;

        var listed = snapshot.Files("envs/staging").ToList();
        // The folder's tree leaves the object database: whatever the snapshot reads from now on, it cannot read the folder again.
        File.Delete(LooseObject(repository, folder));
        Assert.Null(repository.Lookup<Tree>(folder));

        Assert.Equal(files.Select(f => f.Item1), listed);
        Assert.All(files, file =>
        {
            Assert.Equal(file.Item2, snapshot.ReadText(file.Item1));
            Assert.Equal(Encoding.UTF8.GetByteCount(file.Item2), snapshot.SizeOf(file.Item1));
            Assert.True(snapshot.Exists(file.Item1));
        });
    }

    [Fact]
    public void Files_are_read_as_git_holds_them_in_git_order_and_absent_ones_read_as_nothing()
    {
        using var repository = Commit([("a/x.yaml", "x: 1\n"), ("a.yaml", "\uFEFFkind: Service\n"), ("a-b.yaml", "b: 2\n"), ("a/deep/y.yml", "y: 3\n")], out var commit);
        using var snapshot = new ConfigSnapshot(commit.Sha, commit.Tree, repository);

        // Git orders a folder as its name followed by '/': "a-b.yaml" < "a.yaml" < "a/".
        Assert.Equal(["a-b.yaml", "a.yaml", "a/deep/y.yml", "a/x.yaml"], snapshot.Files());
        Assert.Equal(["a/deep/y.yml", "a/x.yaml"], snapshot.Files("/a/"));
        Assert.Empty(snapshot.Files("missing"));
        Assert.Empty(snapshot.Files("a.yaml"));
        // A byte order mark is kept, so that an edit can keep it; sizes are in bytes.
        Assert.Equal("\uFEFFkind: Service\n", snapshot.ReadText("a.yaml"));
        Assert.Equal(17, snapshot.SizeOf("a.yaml"));
        Assert.Equal("y: 3\n", snapshot.ReadText("/a/deep/y.yml"));
        Assert.Null(snapshot.ReadText("a/missing.yaml"));
        Assert.Null(snapshot.ReadText("a"));
        Assert.Null(snapshot.ReadText("a.yaml/x"));
        Assert.Equal(-1, snapshot.SizeOf("missing/x.yaml"));
        Assert.Equal(-1, snapshot.SizeOf("a/deep"));
        Assert.False(snapshot.Exists("a"));
        Assert.False(snapshot.Exists("b.yaml"));
        Assert.True(snapshot.Exists("a/x.yaml"));
    }

    [Fact]
    public void An_empty_remote_reads_as_no_files()
    {
        using var snapshot = new ConfigSnapshot(null, null);
        Assert.Empty(snapshot.Files());
        Assert.Null(snapshot.ReadText("pipelines.yaml"));
        Assert.Equal(-1, snapshot.SizeOf("pipelines.yaml"));
        Assert.False(snapshot.Exists("pipelines.yaml"));
    }

    // A commit written straight into a new bare repository, whose objects are therefore loose files.
    private Repository Commit(IEnumerable<(string Path, string Text)> files, out Commit commit)
    {
        Repository.Init(_path, isBare: true);
        var repository = new Repository(_path);
        var tree = new TreeDefinition();
        foreach (var (path, text) in files)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
            tree.Add(path, repository.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
        }
        var signature = new Signature("Alice", "alice@example.com", DateTimeOffset.UtcNow);
        commit = repository.ObjectDatabase.CreateCommit(signature, signature, "files", repository.ObjectDatabase.CreateTree(tree), [], false);
        return repository;
    }

    private static string LooseObject(Repository repository, ObjectId id) => Path.Combine(repository.Info.Path, "objects", id.Sha[..2], id.Sha[2..]);
}
