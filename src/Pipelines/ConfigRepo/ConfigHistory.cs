using LibGit2Sharp;
using Pipelines.Releases;

namespace Pipelines.ConfigRepo;

/// <summary>The tool's commits on the config branch, newest first, read from their trailers only.
/// Commits made by hand (no trailers) are passed over. The workload filter keeps the commits that touched a
/// matching workload id (an image change or a policy change).</summary>
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
    public static IEnumerable<HistoryEntry> Entries(Repository repository, string head, string? environment, Func<string, bool>? workloadFilter = null)
    {
        var filter = new CommitFilter { IncludeReachableFrom = head, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
        foreach (var commit in repository.Commits.QueryBy(filter))
        {
            if (ReleaseCommitMessage.Parse(commit.Message) is not { } message) continue;
            if (environment is not null && !string.Equals(message.Environment, environment, StringComparison.Ordinal)) continue;
            if (workloadFilter is not null && !message.TouchedWorkloads.Any(workloadFilter)) continue;
            yield return Entry(message, commit);
        }
    }

    private static HistoryEntry Entry(ReleaseCommitMessage message, Commit commit) =>
        new(message.Release, message.Action, message.Environment, message.Changes, message.Cause, commit.Sha, commit.Committer.When, message.Subject,
            message.RollbackOf, message.TouchedWorkloads, message.Body)
        {
            Unrejected = message.Unrejected ?? [],
        };
}
