using Pipelines.Config;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// The release plan: (workloads of an environment, policies, registry facts, request) → per workload the
/// changes to make or why it is skipped, in Flux v1's words. Pure, like kubectl's rollout status
/// decisions: no git, registry or cluster here, so every rule is tested by itself.
/// </summary>
internal static class ReleasePlanner
{
    /// <param name="rejections">The environment's rejected images: automation and --update-all-images never release them.</param>
    public static IReadOnlyList<PlannedWorkload> Plan(EnvironmentScan scan, ReleaseRequest request, RegistryFacts registry, Rejections rejections)
    {
        // Unknown or ambiguous names are usage errors (exit 2), found before anything else happens.
        var named = request.Services.Select(scan.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var excluded = request.Exclude.Select(scan.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var plan = scan.Workloads.Select(workload => PlanOne(workload, scan.Environment, request, registry, rejections, named, excluded)).ToList();
        // A kustomize entry may set the image of several workloads: they change together or not at all.
        return SharedPlaces.Expand(plan, scan.Environment);
    }

    private static PlannedWorkload PlanOne(Workload workload, EnvironmentConfig environment, ReleaseRequest request, RegistryFacts registry, Rejections rejections,
        HashSet<string> named, HashSet<string> excluded)
    {
        var policy = WorkloadPolicy.Of(workload, environment);
        if (excluded.Contains(workload.Id)) return PlannedWorkload.Skip(workload, SkipReason.Excluded);
        if (policy.Ignored) return PlannedWorkload.Skip(workload, SkipReason.Ignored);
        if (request.Automated && !policy.Automated) return PlannedWorkload.Skip(workload, SkipReason.NotAutomated);
        if (!request.Automated && !request.All && !named.Contains(workload.Id)) return PlannedWorkload.Skip(workload, SkipReason.NotIncluded);
        // --force overrides a lock only for workloads named one by one: never for --all or automation.
        var overridesLock = policy.Locked && request.Force && named.Contains(workload.Id);
        if (policy.Locked && !overridesLock)
        {
            var locked = SkipReason.Locked(policy.LockedBy, policy.LockedMessage);
            // A workload named alone (UpdateConfigRepo) that cannot change fails the job: skipping it would leave CI green.
            return request.FailWhenLocked ? PlannedWorkload.Fail(workload, $"{locked}; pass --force to release it anyway") : PlannedWorkload.Skip(workload, locked);
        }

        var containers = workload.Containers.ToList();
        if (request.Container is not null)
        {
            containers = containers.Where(c => c.Name == request.Container).ToList();
            if (containers.Count == 0 && named.Contains(workload.Id))
            {
                throw new PipelinesException(FaultKind.Usage, $"--container {request.Container}: {workload.Id} has no such container; its containers: {string.Join(", ", workload.Containers.Select(c => c.Name))}.");
            }
            if (containers.Count == 0) return PlannedWorkload.Skip(workload, SkipReason.ContainerNotFound);
        }
        var planned = request.Image is not null
            ? PlanImage(workload, containers, request.Image, explicitContainer: request.Container is not null, registry, rejections)
            : PlanNewest(workload, containers, policy, environment, registry, rejections);
        // A Job's template is immutable: the API server would refuse the apply after the push, so refuse it now (named) or leave it (--all, automation).
        if (planned.Changes && WorkloadKinds.Find(workload.Kind)?.RefusalReason is { } refused)
        {
            return named.Contains(workload.Id) ? PlannedWorkload.Fail(workload, refused) : PlannedWorkload.Skip(workload, refused);
        }
        return overridesLock && planned.Changes ? planned.WithNote(SkipReason.LockOverridden(policy.LockedBy, policy.LockedMessage)) : planned;
    }

    // --image: the containers running that repository (or the one named) get it, pinned to its digest, if the registry has it.
    // An image given with its digest is taken as given (PushImage recorded it); a rejected image may be released this way,
    // which clears its rejection.
    private static PlannedWorkload PlanImage(Workload workload, List<WorkloadContainer> containers, string image, bool explicitContainer, RegistryFacts registry,
        Rejections rejections)
    {
        var repository = ImageReference.RepositoryOf(image);
        var using_ = explicitContainer ? containers : containers.Where(c => ImageReference.RepositoryOf(c.Image) == repository).ToList();
        if (using_.Count == 0) return PlannedWorkload.Skip(workload, SkipReason.DoesNotUseImage);
        var pinned = ImageReference.DigestOf(image) is not null ? image : registry.DigestOf(image) is { } digest ? ImageReference.Pinned(image, digest) : null;
        if (pinned is null) return PlannedWorkload.Fail(workload, $"{SkipReason.ImageNotInRegistry}: {image}; push it first, or check the tag");
        var changes = using_.Where(c => !ImageReference.SameImage(c.Image, pinned)).Select(c => new ContainerChange(workload.Id, c.Name, c.Image, pinned)).ToList();
        if (changes.Count == 0) return PlannedWorkload.Skip(workload, SkipReason.UpToDate);
        var change = PlannedWorkload.Change(workload, changes);
        return rejections.Of(pinned) is { } rejection
            ? change.WithNote($"{rejection.Tag} was rejected (rolled back in {rejection.Release} by {rejection.By}); releasing it by name clears that")
            : change;
    }

    // --update-all-images and automation: per container, the newest image its filter allows, rejected images never.
    private static PlannedWorkload PlanNewest(Workload workload, List<WorkloadContainer> containers, WorkloadPolicy policy, EnvironmentConfig environment, RegistryFacts registry,
        Rejections rejections)
    {
        var changes = new List<ContainerChange>();
        Rejection? passedOver = null;
        var known = 0;
        foreach (var container in containers)
        {
            if (registry.TagsOf(container.Image) is not { Count: > 0 } tags) continue;
            known++;
            var filter = TagPolicy.Parse(policy.TagFilterFor(container.Name, environment));
            var (newest, rejected) = AvailableImage.Newest(container.Image, filter, rejections, tags);
            if (newest is not null && AvailableImage.IsUpdate(newest, container.Image, filter.FollowsDigest)) changes.Add(new ContainerChange(workload.Id, container.Name, container.Image, newest));
            else passedOver ??= rejected;
        }
        if (changes.Count > 0) return PlannedWorkload.Change(workload, changes);
        return PlannedWorkload.Skip(workload, known == 0 ? SkipReason.ImageNotInRegistry : passedOver?.SkipReason ?? SkipReason.UpToDate);
    }

    /// <summary>Refuses requests that mean nothing, before any I/O: exit 2 with what to write instead.</summary>
    public static void Validate(ReleaseRequest request)
    {
        if (request.Automated)
        {
            if (request.Services.Count > 0 || request.All || request.Image is not null)
                throw new PipelinesException(FaultKind.Usage, "--automated releases every automated workload's newest allowed images; leave out --service, --all and --image.");
            return;
        }
        if (request.Services.Count == 0 && !request.All)
            throw new PipelinesException(FaultKind.Usage, "Name what to release: --service <name> (repeatable) or --all.");
        if (request.Services.Count > 0 && request.All)
            throw new PipelinesException(FaultKind.Usage, "--service and --all together are ambiguous; use --all with --exclude <name> to leave some out.");
        if ((request.Image is null) == !request.UpdateAllImages)
            throw new PipelinesException(FaultKind.Usage, "Say which images: --image <reference> or --update-all-images (one of them).");
        if (request.Image is not null && !ImageReference.TryParse(request.Image, out _, out var error))
            throw new PipelinesException(FaultKind.Usage, $"--image: {error.Message}");
        if (request.Image is not null && ImageReference.TagOf(request.Image) is null)
            throw new PipelinesException(FaultKind.Usage, $"--image {request.Image} has no tag; releases name a tag, e.g. {ImageReference.WithoutDigest(request.Image)}:1.4.2.");
    }
}
