using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// Automation's safety net: when the rollout of an automated release fails, the workloads that failed go
/// back to what they ran before, and the new images are marked rejected, so that the next automation run
/// does not release the same bad build again (a loop). Pure: plan of the reverse change.
/// </summary>
public static class FailedRolloutRollback
{
    /// <param name="scan">The environment at the head the rollback builds on.</param>
    /// <param name="released">What the failed release changed.</param>
    /// <param name="failed">Workload ids whose rollout failed.</param>
    public static IReadOnlyList<PlannedWorkload> Plan(EnvironmentScan scan, IEnumerable<PlannedWorkload> released, IReadOnlySet<string> failed)
    {
        var plan = new List<PlannedWorkload>();
        foreach (var done in released.Where(p => p.Changes && failed.Contains(p.Workload.Id)))
        {
            var workload = scan.Workloads.FirstOrDefault(w => w.Id == done.Workload.Id);
            if (workload is null) continue;
            // Only containers still running what the failed release set: someone may have moved on meanwhile.
            var back = done.Result.Changes
                .Where(c => workload.Containers.Any(wc => wc.Name == c.Container && wc.Image == c.To))
                .Select(c => new ContainerChange(c.Workload, c.Container, c.To, c.From)).ToList();
            if (back.Count > 0) plan.Add(PlannedWorkload.Change(workload, back));
        }
        return plan;
    }
}
