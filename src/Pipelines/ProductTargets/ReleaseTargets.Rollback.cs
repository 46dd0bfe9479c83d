using Pipelines.ConfigRepo;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

public sealed partial class ReleaseTargets
{
    public Target Rollback => _ => _
        .Description("V3: sets a workload back to the images before its last release (or --to an image or rel-id), from history: no CI, no rebuild. Sticky: automation will not re-release the image rolled back from.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Requires(() => Service)
        .Executes(async () =>
        {
            if (Service is not [var service]) throw new UsageException("Rollback returns one workload to an earlier release; give one --service.");
            await RunAsync(ReleaseAction.Rollback, async (first, executor) =>
            {
                var (_, firstScan) = Read(first);
                var id = firstScan.Resolve(service).Id;
                var history = await ConfigHistory.ReadAsync(_repository!.Cache, ConfigBranch, Environment, change => change.Workload == id, limit: 1000);
                return snapshot =>
                {
                    var (environment, scan) = Read(snapshot);
                    var plan = RollbackPlanner.Plan(scan.Resolve(service), history, To);
                    var planned = scan.Workloads.Select(w => w.Id == plan.Planned.Workload.Id ? plan.Planned : PlannedWorkload.Skip(w, SkipReason.NotIncluded)).ToList();
                    var changes = plan.Planned.Result.Changes;
                    var subject = $"Roll back {plan.Planned.Workload.Namespace}/{plan.Planned.Workload.Name} in {environment.Name} to " +
                        string.Join(", ", changes.Select(c => c.To)) + (plan.RollbackOf is null ? "" : $" (undoing {plan.RollbackOf})");
                    return new PlannedChange(environment, planned,
                        Commit(snapshot, environment, planned, ReleaseAction.Rollback, executor.Release, subject, plan.RollbackOf, rejectFrom: true));
                };
            });
        });
}
