using Pipelines.ConfigRepo;
using Pipelines.Faults;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>
    /// V2's release: one container of one workload gets an image (what PushImage pushed, or <c>--image</c>), as a Release of that
    /// workload by name — the same plan, checks, lock, commit, apply and report. Unlike a Release, a locked workload fails the job
    /// (exit 1, who locked it and why) instead of being skipped, unless <paramref name="force"/>: a CI job's one change must not
    /// pass green without landing.
    /// </summary>
    /// <param name="container">Null: the workload's only container (an error naming them when it has several).</param>
    public Task<ReleaseReport> UpdateConfigRepoAsync(OperationOptions options, string service, string? container, string image, bool force,
        CancellationToken cancellationToken = default)
    {
        var request = new ReleaseRequest([service], false, [], image, false, container, force, FailWhenLocked: true);
        ReleasePlanner.Validate(request);
        return ReleaseAsync(options, request, first =>
        {
            var workload = first.Resolve(service);
            if (container is not null) return request;
            var containers = workload.Containers.Where(c => !c.IsInit).ToList();
            return containers.Count == 1 ? request with { Container = containers[0].Name }
                : throw new PipelinesException(FaultKind.Usage, $"{workload.Id} has {containers.Count} containers ({string.Join(", ", containers.Select(c => c.Name))}); name one with --container.");
        }, cancellationToken);
    }
}
