using Pipelines.Kubernetes;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// A promotion's plan: each workload of the target environment gets, per container, what the same workload
/// (same kind and name) runs in the source environment's config, pinned as <c>repo:tag@digest</c> from the
/// registry at promotion time — the bytes the source ran, even if the tag moves later. Pure.
/// </summary>
public static class PromotionPlanner
{
    /// <param name="sourceRefusals">Source workloads (by id) whose rollout makes promoting them unwise, with why.</param>
    public static IReadOnlyList<PlannedWorkload> Plan(EnvironmentScan source, EnvironmentScan target, IReadOnlyList<string> services, bool force,
        RegistryFacts registry, IReadOnlyDictionary<string, string> sourceRefusals)
    {
        var named = services.Select(target.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        return target.Workloads.Select(workload =>
        {
            var policy = WorkloadPolicy.Of(workload, target.Environment);
            if (named.Count > 0 && !named.Contains(workload.Id)) return PlannedWorkload.Skip(workload, SkipReason.NotIncluded);
            if (policy.Locked && !(force && named.Contains(workload.Id))) return PlannedWorkload.Skip(workload, SkipReason.Locked(policy.LockedBy, policy.LockedMessage));
            var twin = source.Workloads.FirstOrDefault(w => w.Kind == workload.Kind && w.Name == workload.Name);
            if (twin is null) return PlannedWorkload.Skip(workload, $"not in {source.Environment.Name}");
            if (!force && sourceRefusals.TryGetValue(twin.Id, out var refusal)) return PlannedWorkload.Skip(workload, refusal);

            var changes = new List<ContainerChange>();
            var shared = 0;
            var missing = 0;
            foreach (var container in workload.Containers)
            {
                if (twin.Containers.FirstOrDefault(c => c.Name == container.Name) is not { } from) continue;
                shared++;
                var pinned = Pinned(from.Image, registry);
                if (pinned is null)
                {
                    missing++;
                    continue;
                }
                if (pinned != container.Image) changes.Add(new ContainerChange(workload.Id, container.Name, container.Image, pinned));
            }
            if (changes.Count > 0) return PlannedWorkload.Change(workload, changes);
            return PlannedWorkload.Skip(workload, shared == 0 ? SkipReason.ContainerNotFound : missing > 0 ? SkipReason.ImageNotInRegistry : SkipReason.UpToDate);
        }).ToList();
    }

    /// <summary>The image with the digest its tag has now; an image already pinned stays as it is; null when the registry lacks it.</summary>
    public static string? Pinned(string image, RegistryFacts registry)
    {
        if (image.Contains('@')) return image;
        return registry.DigestOf(image) is { } digest ? image + "@" + digest : null;
    }

    /// <summary>Why a source workload must not be promoted as it runs: its rollout failed, is still going, or it does not run at all.</summary>
    public static string? Refusal(LiveWorkload? live, string sourceEnvironment) => live switch
    {
        null => $"not running in {sourceEnvironment}",
        { Rollout.Failed: true } => $"rollout in {sourceEnvironment} failed: {live.Rollout.Error}",
        { Rollout.Done: false } => $"rollout in {sourceEnvironment} in progress: {live.Rollout.Message}",
        _ => null,
    };
}
