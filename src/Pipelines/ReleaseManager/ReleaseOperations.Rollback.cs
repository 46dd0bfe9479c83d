using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>Sets one workload back to the images before its last release (or <paramref name="to"/>: an image or rel-id), from
    /// history: no CI, no rebuild. Sticky: the image rolled back from is rejected for automation. A locked workload is
    /// skipped (who locked it and why) unless <paramref name="force"/>, as for a Release of a named workload.</summary>
    public Task<ReleaseReport> RollbackAsync(OperationOptions options, string service, string? to, bool force = false, CancellationToken cancellationToken = default) =>
        RunAsync(options, ReleaseAction.Rollback, async (run, first) =>
        {
            var (_, firstScan) = Read(run, first);
            var id = firstScan.Resolve(service).Id;
            var history = await ConfigHistory.ReadAsync(run.Repository.Cache, run.Repository.Options.Branch, options.Environment, workload => workload == id,
                limit: 1000, cancellationToken);
            return snapshot =>
            {
                var (environment, scan) = Read(run, snapshot);
                var workload = scan.Resolve(service);
                var plan = RollbackPlanner.Plan(workload, history, to);
                var policy = WorkloadPolicy.Of(workload, environment);
                if (policy.Locked && !force) plan = plan with { Planned = PlannedWorkload.Skip(workload, SkipReason.Locked(policy.LockedBy, policy.LockedMessage)) };
                var planned = scan.Workloads.Select(w => w.Id == plan.Planned.Workload.Id ? plan.Planned : PlannedWorkload.Skip(w, SkipReason.NotIncluded)).ToList();
                var changes = plan.Planned.Result.Changes;
                var subject = $"Roll back {plan.Planned.Workload.Namespace}/{plan.Planned.Workload.Name} in {environment.Name} to " +
                    string.Join(", ", changes.Select(c => c.To)) + (plan.RollbackOf is null ? "" : $" (undoing {plan.RollbackOf})");
                return new PlannedChange(environment, planned,
                    Commit(run, snapshot, environment, planned, ReleaseAction.Rollback, subject, plan.RollbackOf));
            };
        }, cancellationToken: cancellationToken);
}
