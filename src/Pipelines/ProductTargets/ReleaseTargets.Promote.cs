using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

public sealed partial class ReleaseTargets
{
    public Target Promote => _ => _
        .Description("V3: releases to --environment what --from (default: its promoteFrom) runs, pinned as repo:tag@digest from the registry now, as one commit. Refuses workloads whose rollout in the source failed or is in progress, unless --force.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Executes(async () =>
        {
            await RunAsync(ReleaseAction.Promote, async (first, executor) =>
            {
                var (target, targetScan) = Read(first);
                var sourceName = From ?? target.PromoteFrom
                    ?? throw new UsageException($"Promote to {target.Name} from where? Pass --from <environment>, or give {target.Name} a promoteFrom: in pipelines.yaml.");
                if (sourceName == target.Name) throw new UsageException($"--from {sourceName} is the environment being promoted to; name the one to promote from.");
                var (source, sourceScan) = Read(first, sourceName, applied: false);
                var included = PromotionPlanner.Plan(sourceScan, targetScan, Service, Force, RegistryFacts.None, new Dictionary<string, string>())
                    .Where(p => p.Result.Reason == SkipReason.ImageNotInRegistry)
                    .Select(p => sourceScan.Workloads.First(w => w.Kind == p.Workload.Kind && w.Name == p.Workload.Name))
                    .ToList();
                var facts = await Registry().ReadAsync([], included.SelectMany(w => w.Containers).Select(c => c.Image).Where(i => !i.Contains('@')));
                var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
                if (Force)
                {
                    executor.Notes.Add($"source health: not checked (--force)");
                }
                else if (!Apply)
                {
                    executor.Notes.Add($"source health: not checked (--apply false: this run talks to no cluster)");
                }
                else
                {
                    var cluster = OpenCluster(source);
                    foreach (var workload in included)
                    {
                        if (PromotionPlanner.Refusal(await cluster.GetAsync(workload.Id), source.Name) is { } refusal) refusals[workload.Id] = refusal;
                    }
                    executor.Notes.Add($"source health: {included.Count - refusals.Count} of {included.Count} workload(s) rolled out in {source.Name}");
                }
                return snapshot =>
                {
                    var (environment, scan) = Read(snapshot);
                    var (_, from) = Read(snapshot, sourceName, applied: false);
                    var plan = PromotionPlanner.Plan(from, scan, Service, Force, facts, refusals);
                    var workloads = plan.Where(p => p.Changes).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
                    var subject = $"Promote {string.Join(", ", workloads.Take(5))}{(workloads.Count > 5 ? $" and {workloads.Count - 5} more" : "")} from {sourceName} to {environment.Name}";
                    return new PlannedChange(environment, plan, Commit(snapshot, environment, plan, ReleaseAction.Promote, executor.Release, subject));
                };
            });
        });
}
