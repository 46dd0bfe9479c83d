using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>Releases what <paramref name="from"/> (default: the environment's promoteFrom) runs, pinned as repo:tag@digest from the
    /// registry now, as one commit. With a cluster, refuses workloads whose rollout in the source failed or is in progress, unless forced.</summary>
    /// <param name="services">Only these workloads; empty: every workload of both environments.</param>
    public Task<ReleaseReport> PromoteAsync(OperationOptions options, string? from, IReadOnlyList<string> services, bool force, CancellationToken cancellationToken = default) =>
        RunAsync(options, ReleaseAction.Promote, async (run, first) =>
        {
            var (target, targetScan) = Read(run, first);
            var sourceName = from ?? target.PromoteFrom
                ?? throw new UsageException($"Promote to {target.Name} from where? Pass --from <environment>, or give {target.Name} a promoteFrom: in pipelines.yaml.");
            if (sourceName == target.Name) throw new UsageException($"--from {sourceName} is the environment being promoted to; name the one to promote from.");
            var (source, sourceScan) = Read(run, first, sourceName, applied: false);
            var included = PromotionPlanner.Plan(sourceScan, targetScan, services, force, RegistryFacts.None, new Dictionary<string, string>())
                .Where(p => p.Result.Reason == SkipReason.ImageNotInRegistry)
                .Select(p => sourceScan.Workloads.First(w => w.Kind == p.Workload.Kind && w.Name == p.Workload.Name))
                .ToList();
            var facts = await Registry().ReadAsync([], included.SelectMany(w => w.Containers).Select(c => c.Image).Where(i => !i.Contains('@')), cancellationToken);
            var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
            if (force)
            {
                run.Executor.Notes.Add($"source health: not checked (--force)");
            }
            else if (settings.OpenCluster is null)
            {
                run.Executor.Notes.Add($"source health: not checked (--apply false: this run talks to no cluster)");
            }
            else
            {
                var cluster = settings.OpenCluster(source);
                foreach (var workload in included)
                {
                    if (PromotionPlanner.Refusal(await cluster.GetAsync(workload.Id, cancellationToken), source.Name) is { } refusal) refusals[workload.Id] = refusal;
                }
                run.Executor.Notes.Add($"source health: {included.Count - refusals.Count} of {included.Count} workload(s) rolled out in {source.Name}");
            }
            return snapshot =>
            {
                var (environment, scan) = Read(run, snapshot);
                var (_, fromScan) = Read(run, snapshot, sourceName, applied: false);
                var plan = PromotionPlanner.Plan(fromScan, scan, services, force, facts, refusals);
                var workloads = plan.Where(p => p.Changes).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
                var subject = $"Promote {string.Join(", ", workloads.Take(5))}{(workloads.Count > 5 ? $" and {workloads.Count - 5} more" : "")} from {sourceName} to {environment.Name}";
                return new PlannedChange(environment, plan, Commit(run, snapshot, environment, plan, ReleaseAction.Promote, subject));
            };
        }, cancellationToken: cancellationToken);
}
