using LibGit2Sharp;
using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>The tool's commits on the config branch, newest first, read from their trailers.
/// Commits made by hand (no trailers) are passed over. A commit whose trailers claim image changes its diff does not make
/// is shown as a plain commit marked untrusted, with no changes (<see cref="TrailerCheck"/>). The workload filter keeps the
/// commits that touched a matching workload id (an image change or a policy change).</summary>
public static class ConfigHistory
{
    public static async Task<IReadOnlyList<HistoryEntry>> ReadAsync(ObjectCache cache, string branch, string? environment, Func<string, bool>? workloadFilter, int limit, CancellationToken cancellationToken = default)
    {
        return await cache.WithRepositoryAsync(repository =>
        {
            var head = cache.Fetch(repository, branch);
            return head is null ? (IReadOnlyList<HistoryEntry>)[] : Entries(repository, head, environment, workloadFilter).Take(limit).ToList();
        }, cancellationToken);
    }

    /// <summary>The tool's commits reachable from <paramref name="head"/> (newest first), lazily, without fetching.</summary>
    /// <param name="verify">Check each entry's trailers against its diff (<see cref="TrailerCheck"/>). False only for a caller that
    /// checks the entries it derives something from itself (<see cref="ConfigSnapshot.Rejections"/>): reading every diff of a long
    /// history costs about a millisecond a commit.</param>
    public static IEnumerable<HistoryEntry> Entries(Repository repository, string head, string? environment, Func<string, bool>? workloadFilter = null,
        bool verify = true)
    {
        var filter = new CommitFilter { IncludeReachableFrom = head, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
        foreach (var commit in repository.Commits.QueryBy(filter))
        {
            if (ReleaseCommitMessage.Parse(commit.Message) is not { } message) continue;
            if (environment is not null && !string.Equals(message.Environment, environment, StringComparison.Ordinal)) continue;
            if (workloadFilter is not null && !message.TouchedWorkloads.Any(workloadFilter)) continue;
            yield return verify && TrailerCheck.Problem(repository, commit, message) is { } untrusted ? Untrusted(message, commit, untrusted) : Entry(message, commit);
        }
    }

    private static HistoryEntry Entry(ReleaseCommitMessage message, Commit commit) =>
        new(message.Release, message.Action, message.Environment, message.Changes, message.Cause, commit.Sha, commit.Committer.When, message.Subject,
            message.RollbackOf, message.TouchedWorkloads, message.Body)
        {
            Unrejected = message.Unrejected ?? [],
            Author = new CommitAuthor(commit.Author.Name, commit.Author.Email),
        };

    // What a commit whose trailers lie still tells: that it exists, what it touched by its own account (so History --service
    // finds it) and why it is not believed. No release id, changes or rollback: nothing may be derived from it.
    private static HistoryEntry Untrusted(ReleaseCommitMessage message, Commit commit, string why) =>
        new("", message.Action, message.Environment, [], message.Cause, commit.Sha, commit.Committer.When, message.Subject,
            null, message.TouchedWorkloads, message.Body)
        {
            Untrusted = why,
            Author = new CommitAuthor(commit.Author.Name, commit.Author.Email),
        };
}
