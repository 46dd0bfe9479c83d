using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// One place can decide the image of several workloads: a kustomize <c>images:</c> entry names an image, not a workload, so
/// changing it for one Deployment changes it for a CronJob running the same image. A plan must say every container whose image
/// changes (history, rejections and rollbacks read the trailers), so a workload sharing a changing place follows the change,
/// with a note naming the one it follows — unless it must not change (locked, excluded, not automated under automation, failed,
/// or meant to get another image): then the change is refused for both, naming why. Pure.
/// </summary>
internal static class SharedPlaces
{
    // The reasons a workload may be skipped for and still follow a place it shares: nothing about it forbids the change.
    private static readonly string[] MayFollow = [SkipReason.NotIncluded, SkipReason.UpToDate, SkipReason.DoesNotUseImage, SkipReason.ContainerNotFound, SkipReason.ImageNotInRegistry];

    public static IReadOnlyList<PlannedWorkload> Expand(IReadOnlyList<PlannedWorkload> plan, EnvironmentConfig environment)
    {
        var result = plan.ToList();
        var holders = result.SelectMany((p, i) => p.Workload.Containers.Where(c => c.Site is not null).Select(c => (Index: i, Container: c)))
            .GroupBy(h => h.Container.Site.Key).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.ToList());
        if (holders.Count == 0) return result;
        // Each pass settles at least one workload (it follows or is refused); a refusal may release others, so repeat until nothing moves.
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < result.Count && !changed; i++)
            {
                var planned = result[i];
                if (!planned.Changes) continue;
                foreach (var change in planned.Result.Changes)
                {
                    var site = planned.Workload.Containers.FirstOrDefault(c => c.Name == change.Container)?.Site;
                    if (site is null || !holders.TryGetValue(site.Key, out var sharing)) continue;
                    foreach (var (j, container) in sharing.Where(h => h.Index != i || h.Container.Name != change.Container))
                    {
                        var other = result[j];
                        var theirs = other.Result.Changes.FirstOrDefault(c => c.Container == container.Name);
                        if (theirs is not null && ImageReference.SameImage(theirs.To, change.To)) continue;
                        if (Refusal(other, theirs, environment) is { } why)
                        {
                            result[i] = PlannedWorkload.Skip(planned.Workload, $"shares {site.Display} with {other.Workload.Id}, which {why}; its image cannot change alone");
                            changed = true;
                            break;
                        }
                        var follows = new ContainerChange(other.Workload.Id, container.Name, container.Image, change.To);
                        var following = other.Changes ? other with { Result = other.Result with { Changes = [.. other.Result.Changes, follows] } } : PlannedWorkload.Change(other.Workload, [follows]);
                        result[j] = following.WithNote($"follows {planned.Workload.Id}: they share {site.Display}");
                        changed = true;
                    }
                    if (changed) break;
                }
            }
        }
        return result;
    }

    private static string? Refusal(PlannedWorkload other, ContainerChange? theirs, EnvironmentConfig environment)
    {
        if (theirs is not null) return $"gets {theirs.To}";
        if (other.Changes) return null;
        var policy = WorkloadPolicy.Of(other.Workload, environment);
        if (policy.Locked) return $"is {SkipReason.Locked(policy.LockedBy, policy.LockedMessage)}";
        return MayFollow.Contains(other.Result.Reason) ? null : $"is {other.Result.Status.ToString().ToLowerInvariant()} ({other.Result.Reason})";
    }
}
