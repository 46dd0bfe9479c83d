using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Images;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>Releases images to workloads as one commit; with <see cref="ReleaseRequest.Automated"/>, automation: a failed
    /// rollout is rolled back at once and its image rejected.</summary>
    public Task<ReleaseReport> ReleaseAsync(OperationOptions options, ReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ReleasePlanner.Validate(request);
        return ReleaseAsync(options, request, _ => request, cancellationToken);
    }

    /// <param name="complete">Completes the request from the environment as first read (UpdateConfigRepo's default container).</param>
    private Task<ReleaseReport> ReleaseAsync(OperationOptions options, ReleaseRequest request, Func<Manifests.EnvironmentScan, ReleaseRequest> complete,
        CancellationToken cancellationToken)
    {
        // An explicit image is looked up in the registry while the config repo is fetched: neither needs the other,
        // and both mostly wait on a server. (A failed fetch leaves this lookup unobserved; it only reads.)
        // An image given with its digest (what PushImage recorded) is taken as given: the registry is not asked.
        var explicitImage = request.Image is { } image
            ? ImageReference.DigestOf(image) is null ? Task.Run(() => Registry().ReadAsync([], [image], cancellationToken: cancellationToken), cancellationToken) : Task.FromResult(RegistryFacts.None)
            : null;
        return RunAsync(options, ReleaseAction.Release, async (run, first) =>
        {
            var (firstEnvironment, firstScan) = Read(run, first);
            request = complete(firstScan);
            // Planned once without registry facts: the workloads that get as far as asking the registry say which repositories to
            // scan, and their tag filters which tags.
            var asking = ReleasePlanner.Plan(firstScan, request, RegistryFacts.None, Rejections.None)
                .Where(p => p.Result.Reason == SkipReason.ImageNotInRegistry)
                .SelectMany(p => TagQuestions(p.Workload, firstEnvironment).Where(q => request.Container is null || q.Container == request.Container).Select(q => q.Question));
            var facts = await (explicitImage ?? Registry().ReadAsync(asking, [], RejectionsAt(run, first, firstEnvironment.Name), cancellationToken));
            return snapshot =>
            {
                var (env, scan) = Read(run, snapshot);
                var plan = ReleasePlanner.Plan(scan, request, facts, RejectionsAt(run, snapshot, env.Name));
                if (request.Automated) plan = WindowGate.HoldBack(env, plan, settings.Clock.GetUtcNow());
                return new PlannedChange(env, plan, Commit(run, snapshot, env, plan, ReleaseAction.Release, ReleaseSubject(env, plan, request.Automated)));
            };
        }, rollBackFailures: request.Automated, cancellationToken: cancellationToken);
    }

    private static string ReleaseSubject(EnvironmentConfig environment, IReadOnlyList<PlannedWorkload> plan, bool automated)
    {
        var changes = plan.Where(p => p.Changes).SelectMany(p => p.Result.Changes).ToList();
        var workloads = plan.Where(p => p.Changes).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
        var prefix = automated ? "Automated release of" : "Release";
        return changes.Count == 1
            ? $"{prefix} {ImageReference.WithoutDigest(changes[0].To)} to {workloads[0]} in {environment.Name}"
            : $"{prefix} {changes.Count} images to {string.Join(", ", workloads.Take(5))}{(workloads.Count > 5 ? $" and {workloads.Count - 5} more" : "")} in {environment.Name}";
    }
}
