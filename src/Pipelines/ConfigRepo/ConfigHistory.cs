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
            if (head is null) return (IReadOnlyList<HistoryEntry>)[];
            var entries = new List<HistoryEntry>();
            var filter = new CommitFilter { IncludeReachableFrom = head, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
            foreach (var commit in repository.Commits.QueryBy(filter))
            {
                if (ReleaseCommitMessage.Parse(commit.Message) is not { } message) continue;
                if (environment is not null && !string.Equals(message.Environment, environment, StringComparison.Ordinal)) continue;
                if (workloadFilter is not null && !message.TouchedWorkloads.Any(workloadFilter)) continue;
                entries.Add(new HistoryEntry(message.Release, message.Action, message.Environment, message.Changes, message.Cause,
                    commit.Sha, commit.Committer.When, message.Subject, message.RollbackOf, message.TouchedWorkloads, message.Body));
                if (entries.Count >= limit) break;
            }
            return entries;
        }, cancellationToken);
    }
}
