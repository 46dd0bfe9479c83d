using Pipelines.ConfigRepo;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>Lets automation release an image a rollback rejected, as one commit of trailers (<c>Pipelines-Unreject</c>) and no file
    /// change: rejections live in history, so clearing one is history too. An image that is not rejected commits nothing.</summary>
    public Task<ReleaseReport> UnrejectAsync(OperationOptions options, string image, CancellationToken cancellationToken = default)
    {
        if (!ImageReference.TryParse(image, out _, out var error)) throw new PipelinesException(FaultKind.Usage, $"--image: {error.Message}");
        if (ImageReference.TagOf(image) is null) throw new PipelinesException(FaultKind.Usage, $"--image {image} has no tag; rejections are of tags, e.g. {ImageReference.WithoutDigest(image)}:1.4.2.");
        return RunAsync(options, ReleaseAction.Unreject, (run, first) =>
        {
            _ = Read(run, first, applied: false);
            return Task.FromResult<Func<ConfigSnapshot, PlannedChange>>(snapshot =>
            {
                var (environment, scan) = Read(run, snapshot, applied: false);
                var rejection = RejectionsAt(run, snapshot, environment.Name).Of(image);
                var users = scan.Workloads.Where(w => w.Containers.Any(c => ImageReference.RepositoryOf(c.Image) == ImageReference.RepositoryOf(image))).ToList();
                var plan = scan.Workloads.Select(w => PlannedWorkload.Skip(w, SkipReason.NotIncluded)).ToList();
                if (rejection is null)
                {
                    return new PlannedChange(environment, plan, null) { Notes = [new NoteStep("unreject", $"unreject: {image} is not rejected in {environment.Name}; nothing to do")] };
                }
                var note = $"unreject: {rejection.Image} (rolled back in {rejection.Release} by {rejection.By}) may be released by automation again " +
                    $"({users.Count} workload(s) of {environment.Name} run its repository)";
                var message = new ReleaseCommitMessage($"Unreject {rejection.Tag} of {ImageReference.RepositoryOf(image)} in {environment.Name}", ReleaseAction.Unreject,
                    run.Executor.Release, environment.Name, [], run.Caller.Cause, Body: run.Options.Message, Unrejected: [rejection.Image]);
                return new PlannedChange(environment, plan, new ConfigChange([], message) { TrailersOnly = true }) { Notes = [new NoteStep("unreject", note)] };
            });
        }, applies: false, cancellationToken: cancellationToken);
    }
}
