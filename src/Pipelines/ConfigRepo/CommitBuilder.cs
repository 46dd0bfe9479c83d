using System.Text;
using LibGit2Sharp;
using Pipelines.Manifests;

namespace Pipelines.ConfigRepo;

/// <summary>Makes a commit from a parent and file edits directly in the object database: blobs, a tree that
/// shares every unchanged entry with the parent's, the commit. File modes of edited files are kept.</summary>
internal static class CommitBuilder
{
    /// <param name="allowEmpty">Make the commit even when the tree is the parent's (a commit of trailers only).</param>
    /// <param name="committer">Who wrote the commit when the author asked for it; null: the author.</param>
    public static string Create(Repository repository, string? parent, IReadOnlyList<FileEdit> edits, string message, Signature author, bool allowEmpty = false,
        Signature? committer = null)
    {
        var parentCommit = parent is null ? null : repository.Lookup<Commit>(parent);
        var definition = parentCommit is null ? new TreeDefinition() : TreeDefinition.From(parentCommit.Tree);
        foreach (var edit in edits)
        {
            var path = edit.Path.Trim('/');
            if (edit.NewContent is null)
            {
                definition.Remove(path);
                continue;
            }
            var mode = parentCommit?.Tree[path] is { TargetType: TreeEntryTargetType.Blob } existing ? existing.Mode : Mode.NonExecutableFile;
            using var content = new MemoryStream(new UTF8Encoding(false).GetBytes(edit.NewContent));
            definition.Add(path, repository.ObjectDatabase.CreateBlob(content), mode);
        }
        var tree = repository.ObjectDatabase.CreateTree(definition);
        if (parentCommit is not null && tree.Id == parentCommit.Tree.Id && !allowEmpty) return parentCommit.Sha; // the edits change nothing
        var parents = parentCommit is null ? Array.Empty<Commit>() : [parentCommit];
        return repository.ObjectDatabase.CreateCommit(author, committer ?? author, message, tree, parents, prettifyMessage: false).Sha;
    }
}
