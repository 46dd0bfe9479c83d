using Pipelines.Images;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>
/// Whether a commit's diff makes the image changes its <c>Pipelines-Change</c> trailers claim. Trailers are text anyone can
/// commit (a CI job with a forged message, a hand edit with pasted trailers), and history drives rejections and rollbacks,
/// so a claim is believed only when the commit, compared with its first parent, adds a line naming each claimed new image:
/// its tag, or its digest when the tag stays. Only the lines the commit adds are read, and only for commits that claim
/// changes, so this costs one small diff per release commit; the answer is kept per commit id, which fixes it for ever.
/// Layout-blind on purpose: a plain manifest, a kustomize <c>newTag:</c>, a Helm values <c>tag:</c> all write the tag on
/// a line of their own. The old image is not required on a removed line: a first kustomize <c>images:</c> entry overrides
/// a base another file holds.
/// </summary>
internal static class TrailerCheck
{
    // Commit id → why it is untrusted ("" when trusted). Bounded so that a long-running Watch does not grow it for ever.
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private const int MaxKnown = 100_000;

    /// <summary>Why the commit's trailers contradict its diff; null when every claimed change is in it.</summary>
    public static string? Problem(Repository repository, Commit commit, ReleaseCommitMessage message)
    {
        if (message.Changes.Count == 0) return null;
        if (Known.TryGetValue(commit.Sha, out var known)) return known.Length == 0 ? null : known;
        var problem = Check(repository, commit, message) ?? "";
        if (Known.Count >= MaxKnown) Known.Clear();
        Known[commit.Sha] = problem;
        return problem.Length == 0 ? null : problem;
    }

    private static string? Check(Repository repository, Commit commit, ReleaseCommitMessage message)
    {
        var added = AddedLines(repository, commit);
        var missing = message.Changes.Where(change => !added.Any(line => Names(line, change))).ToList();
        if (missing.Count == 0) return null;
        return $"its trailers claim a {message.Action.ToString().ToLowerInvariant()} setting " +
            string.Join(", ", missing.Select(c => $"{c.To} on {c.Workload} {c.Container}")) +
            ", which is not in the commit's diff; shown as a plain commit, nothing is derived from it";
    }

    private static List<string> AddedLines(Repository repository, Commit commit)
    {
        var parentTree = commit.Parents.FirstOrDefault()?.Tree;
        var options = new CompareOptions { ContextLines = 0, Similarity = SimilarityOptions.None };
        using var patch = repository.Diff.Compare<Patch>(parentTree, commit.Tree, options);
        return patch.Where(file => !file.IsBinaryComparison).SelectMany(file => file.AddedLines).Select(line => line.Content).ToList();
    }

    // The line sets the claimed new image: its digest when the change keeps the tag (a re-pin), else its tag or digest.
    private static bool Names(string line, ContainerChange change)
    {
        var digest = ImageReference.DigestOf(change.To);
        if (digest is not null && line.Contains(digest.Split(':')[^1], StringComparison.Ordinal)) return true;
        if (digest is not null && ImageReference.SameTag(change.From, change.To)) return false;
        var tag = ImageReference.TagOf(change.To) ?? ImageReference.WithoutDigest(change.To);
        return Regex.IsMatch(line, $"(?<![A-Za-z0-9_.-]){Regex.Escape(tag)}(?![A-Za-z0-9_.-])");
    }
}
