using Pipelines.Images;
using Pipelines.Kubernetes;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// A promotion's plan: each workload of the target environment gets, per container, exactly what the same workload
/// (same kind and name) ran in the source environment — the reference the source recorded (<c>repo:tag@digest</c>),
/// never a tag resolved again. Where the source holds a tag without a digest (a hand edit), the digest its running pods
/// report is used; without one, the workload is refused unless forced. A source whose rollouts cannot be read, a source
/// rollout that failed or is in progress, and an image rejected in either environment are refused unless forced. Pure.
/// </summary>
internal static class PromotionPlanner
{
    public static IReadOnlyList<PlannedWorkload> Plan(EnvironmentScan source, EnvironmentScan target, IReadOnlyList<string> services, bool force, PromotionFacts facts)
    {
        var named = services.Select(target.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        return target.Workloads.Select(workload => PlanOne(workload, source, target, named, force, facts)).ToList();
    }

    /// <summary>The source workloads a promotion of <paramref name="services"/> (empty: all) reads: the twins of the target's workloads.</summary>
    public static IReadOnlyList<Workload> Twins(EnvironmentScan source, EnvironmentScan target, IReadOnlyList<string> services)
    {
        var named = services.Select(target.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        return target.Workloads.Where(w => named.Count == 0 || named.Contains(w.Id)).Select(w => Twin(source, w)).OfType<Workload>().ToList();
    }

    private static PlannedWorkload PlanOne(Workload workload, EnvironmentScan source, EnvironmentScan target, HashSet<string> named, bool force, PromotionFacts facts)
    {
        var policy = WorkloadPolicy.Of(workload, target.Environment);
        var from = source.Environment.Name;
        if (named.Count > 0 && !named.Contains(workload.Id)) return PlannedWorkload.Skip(workload, SkipReason.NotIncluded);
        var overridesLock = policy.Locked && force && named.Contains(workload.Id);
        if (policy.Locked && !overridesLock) return PlannedWorkload.Skip(workload, SkipReason.Locked(policy.LockedBy, policy.LockedMessage));
        if (Twin(source, workload) is not { } twin) return PlannedWorkload.Skip(workload, $"not in {from}");
        var notes = new List<string>();
        if (overridesLock) notes.Add(SkipReason.LockOverridden(policy.LockedBy, policy.LockedMessage));
        if (facts.HealthNotChecked is { } why)
        {
            if (!force) return PlannedWorkload.Skip(workload, $"source health: not checked ({why}); pass --force to promote without it");
            notes.Add($"source health not checked ({why}), promoted with --force");
        }
        if (facts.Refusals.TryGetValue(twin.Id, out var refusal))
        {
            if (!force) return PlannedWorkload.Skip(workload, refusal);
            notes.Add($"{refusal}, promoted with --force");
        }

        var changes = new List<ContainerChange>();
        var shared = 0;
        foreach (var container in workload.Containers)
        {
            if (twin.Containers.FirstOrDefault(c => c.Name == container.Name) is not { } sourceContainer) continue;
            shared++;
            var (image, how) = Exact(sourceContainer, twin, facts, force);
            if (image is null)
            {
                return PlannedWorkload.Skip(workload, $"{from} holds {sourceContainer.Image} without a digest and its running digest cannot be read, so what it ran is unknown; " +
                    "pass --force to pin the digest the registry has now");
            }
            if (how is not null) notes.Add(how);
            if (ImageReference.SameImage(container.Image, image)) continue;
            if ((facts.SourceRejections.Of(image) is { } rejection ? (rejection, from) : facts.TargetRejections.Of(image) is { } other ? (other, target.Environment.Name) : default)
                is ({ } rejected, var where))
            {
                var reason = $"{rejected.Tag} is rejected in {where} (rolled back in {rejected.Release} by {rejected.By})";
                if (!force) return PlannedWorkload.Skip(workload, reason + "; pass --force to promote it anyway");
                notes.Add(reason + ", promoted with --force");
            }
            changes.Add(new ContainerChange(workload.Id, container.Name, container.Image, image));
        }
        if (changes.Count == 0) return PlannedWorkload.Skip(workload, shared == 0 ? SkipReason.ContainerNotFound : SkipReason.UpToDate);
        var change = PlannedWorkload.Change(workload, changes);
        foreach (var note in notes.Distinct()) change = change.WithNote(note);
        return change;
    }

    // The source's exact reference: as recorded; else its running digest; else, forced, the registry's digest now (said in the report).
    private static (string? Image, string? How) Exact(WorkloadContainer container, Workload twin, PromotionFacts facts, bool force)
    {
        if (ImageReference.DigestOf(container.Image) is not null) return (container.Image, null);
        if (facts.RunningDigests.GetValueOrDefault(twin.Id)?.GetValueOrDefault(container.Name) is { } running)
        {
            return (ImageReference.Pinned(container.Image, Images.Digest.Parse(running)), null);
        }
        if (force && facts.Registry.DigestOf(container.Image) is { } now)
        {
            return (ImageReference.Pinned(container.Image, now), $"{container.Name}: the digest {container.Image} has in the registry now (the source's running digest is unknown; --force)");
        }
        return (null, null);
    }

    private static Workload? Twin(EnvironmentScan source, Workload workload) =>
        source.Workloads.FirstOrDefault(w => w.Kind == workload.Kind && w.Name == workload.Name);
}
