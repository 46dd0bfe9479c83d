using LibGit2Sharp;

namespace Pipelines.Docker;

/// <summary>
/// The commit an image is built from: the CI host's (Jenkins GIT_COMMIT, GitLab CI_COMMIT_SHA, CircleCI
/// CIRCLE_SHA1, GitHub GITHUB_SHA), else the local repository's HEAD, marked dirty when tracked files
/// have changes (as <c>git describe --dirty</c>, untracked files do not count). Feeds the default tag
/// and the OCI revision and source labels.
/// </summary>
public sealed record SourceRevision(string? Commit, bool Dirty, string? SourceUrl)
{
    /// <summary>The commit SHA, with <c>-dirty</c> when the work tree differs from it; null without a commit.</summary>
    public string? Tag => Commit is null ? null : Dirty ? Commit + "-dirty" : Commit;

    /// <param name="ciCommit">The commit the CI job checked out, from its variables; null outside CI.</param>
    public static SourceRevision Find(string? ciCommit, string directory)
    {
        var path = Repository.Discover(directory);
        if (ciCommit is not null)
            return new SourceRevision(ciCommit, false, path is null ? null : OriginUrl(path));
        if (path is null) return new SourceRevision(null, false, null);
        using var repository = new Repository(path);
        if (repository.Head.Tip is not { } tip) return new SourceRevision(null, false, OriginUrl(repository));
        var status = repository.RetrieveStatus(new StatusOptions { IncludeUntracked = false, RecurseUntrackedDirs = false, IncludeIgnored = false });
        return new SourceRevision(tip.Sha, status.IsDirty, OriginUrl(repository));
    }

    static string? OriginUrl(string path)
    {
        using var repository = new Repository(path);
        return OriginUrl(repository);
    }

    // A remote URL may carry a token (https://user:token@host/…); labels are public, so it is dropped.
    static string? OriginUrl(Repository repository)
    {
        var url = repository.Network.Remotes["origin"]?.Url;
        if (url is null) return null;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
    }
}
