using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// Automation's safety net: when the rollout of an automated release fails, the workloads that failed go back to what they
/// ran before, and the images they left become rejected (<see cref="Rejections"/>), so that automation does not release the
/// same bad build again (a loop). A rejected image is rejected for the whole environment, so any other workload the same
/// release gave it (a CronJob sharing the repository) goes back too. Pure: plan of the reverse change.
/// </summary>
internal static class FailedRolloutRollback
{
    /// <param name="scan">The environment at the head the rollback builds on.</param>
    /// <param name="released">What the failed release changed.</param>
    /// <param name="failed">Workload ids whose rollout failed.</param>
    public static IReadOnlyList<PlannedWorkload> Plan(EnvironmentScan scan, IEnumerable<PlannedWorkload> released, IReadOnlySet<string> failed)
    {
        var changed = released.Where(p => p.Changes).ToList();
        var rejected = changed.Where(p => failed.Contains(p.Workload.Id)).SelectMany(p => p.Result.Changes)
            .Where(c => !ImageReference.SameTag(c.From, c.To)).Select(c => c.To).ToList();
        var plan = new List<PlannedWorkload>();
        foreach (var done in changed)
        {
            var workload = scan.Workloads.FirstOrDefault(w => w.Id == done.Workload.Id);
            if (workload is null) continue;
            // Only containers still running what the failed release set: someone may have moved on meanwhile.
            var back = done.Result.Changes
                .Where(c => failed.Contains(done.Workload.Id) || rejected.Any(r => ImageReference.SameTag(r, c.To)))
                .Where(c => workload.Containers.Any(wc => wc.Name == c.Container && wc.Image == c.To))
                .Select(c => new ContainerChange(c.Workload, c.Container, c.To, c.From)).ToList();
            if (back.Count > 0) plan.Add(PlannedWorkload.Change(workload, back));
        }
        return plan;
    }
}
