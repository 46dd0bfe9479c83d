using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// Where a rollback goes, chosen from history alone (no CI, no rebuild: a pointer changes). By default: the
/// release that brought the images the workload runs now, undone (its "from" images). Rollbacks themselves
/// are passed over when looking, so a second rollback goes one release further back instead of undoing the
/// first. <c>--to rel-…</c> returns to what that release set; <c>--to image</c> to an image history has seen.
/// </summary>
internal static class RollbackPlanner
{
    /// <param name="history">The environment's history, newest first.</param>
    public static RollbackPlan Plan(Workload workload, IReadOnlyList<HistoryEntry> history, string? to)
    {
        var current = workload.Containers.ToDictionary(c => c.Name, c => c.Image);
        var brought = history.FirstOrDefault(e => e.Action != ReleaseAction.Rollback
            && ChangesOf(e, workload).Any(c => current.TryGetValue(c.Container, out var image) && ImageReference.SameTag(image, c.To)));

        IEnumerable<(string Container, string Image)> targets;
        if (to is null)
        {
            if (brought is null)
            {
                throw new PipelinesException(FaultKind.Failed, $"No release in history set what {workload.Id} runs now ({string.Join(", ", current.Select(c => $"{c.Key}: {c.Value}"))}), " +
                    "so there is nothing to roll back to. Name the image or release to return to with --to <image | rel-id> (History lists them).");
            }
            targets = ChangesOf(brought, workload).Where(c => current.TryGetValue(c.Container, out var image) && ImageReference.SameTag(image, c.To))
                .Select(c => (c.Container, c.From));
        }
        else if (to.StartsWith("rel-", StringComparison.Ordinal))
        {
            var release = history.FirstOrDefault(e => e.Release == to)
                ?? throw new PipelinesException(FaultKind.Usage, $"--to {to}: no such release in this environment's history. History --service {workload.Name} lists them.");
            var changes = ChangesOf(release, workload).ToList();
            if (changes.Count == 0) throw new PipelinesException(FaultKind.Usage, $"--to {to}: that release did not change {workload.Id}.");
            targets = changes.Select(c => (c.Container, c.To));
        }
        else
        {
            if (!ImageReference.TryParse(to, out _, out var error)) throw new PipelinesException(FaultKind.Usage, $"--to: {error.Message}");
            var container = workload.Containers.FirstOrDefault(c => ImageReference.RepositoryOf(c.Image) == ImageReference.RepositoryOf(to))
                ?? throw new PipelinesException(FaultKind.Usage, $"--to {to}: {workload.Id} runs no image of {ImageReference.NameAsWritten(to)} (its images: {string.Join(", ", current.Values)}).");
            var seen = history.SelectMany(e => ChangesOf(e, workload)).Where(c => c.Container == container.Name)
                .Any(c => ImageReference.SameTag(c.From, to) || ImageReference.SameTag(c.To, to));
            if (!seen)
            {
                throw new PipelinesException(FaultKind.Usage, $"--to {to}: {workload.Id} never ran that image according to history; a rollback returns to a known image. " +
                    "To run a new one, use Release --image.");
            }
            targets = [(container.Name, to)];
        }

        var moves = targets.Where(t => current.TryGetValue(t.Container, out var image) && image != t.Image)
            .Select(t => new ContainerChange(workload.Id, t.Container, current[t.Container], t.Image)).ToList();
        var planned = moves.Count == 0 ? PlannedWorkload.Skip(workload, SkipReason.UpToDate) : PlannedWorkload.Change(workload, moves);
        return new RollbackPlan(planned, brought?.Release);
    }

    private static IEnumerable<ContainerChange> ChangesOf(HistoryEntry entry, Workload workload) =>
        entry.Changes.Where(c => string.Equals(c.Workload, workload.Id, StringComparison.Ordinal));
}
