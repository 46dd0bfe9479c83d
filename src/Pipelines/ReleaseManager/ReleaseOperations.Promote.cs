using Pipelines.Config;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>Releases to the environment exactly what <paramref name="from"/> (default: its promoteFrom) ran — the references it
    /// recorded, or the digests its pods run — as one commit (<see cref="PromotionPlanner"/>). The source's rollouts are read even
    /// with <c>--apply false</c>; when they cannot be, or one failed or is in progress, or an image is rejected, the workload is
    /// refused unless <paramref name="force"/>.</summary>
    /// <param name="services">Only these workloads; empty: every workload of both environments.</param>
    public Task<ReleaseReport> PromoteAsync(OperationOptions options, string? from, IReadOnlyList<string> services, bool force, CancellationToken cancellationToken = default) =>
        RunAsync(options, ReleaseAction.Promote, async (run, first) =>
        {
            var (target, targetScan) = Read(run, first);
            if (WindowGate.Promotion(target, settings.Clock.GetUtcNow(), force, options.Message) is { } forced) run.Executor.Notes.Add(forced);
            var sourceName = from ?? target.PromoteFrom
                ?? throw new PipelinesException(FaultKind.Usage, $"Promote to {target.Name} from where? Pass --from <environment>, or give {target.Name} a promoteFrom: in pipelines.yaml.");
            if (sourceName == target.Name) throw new PipelinesException(FaultKind.Usage, $"--from {sourceName} is the environment being promoted to; name the one to promote from.");
            var (source, sourceScan) = Read(run, first, sourceName, applied: false);
            var twins = PromotionPlanner.Twins(sourceScan, targetScan, services);
            var (refusals, running, notChecked) = await ReadSourceAsync(source, twins, cancellationToken);
            run.Executor.Notes.Add(new NoteStep("source-health", notChecked is null
                ? $"source health: {twins.Count - refusals.Count} of {twins.Count} workload(s) rolled out in {source.Name}"
                : $"source health: not checked ({notChecked})" + (force ? "; promoting anyway (--force)" : "; nothing is promoted without --force")));
            // Only a forced promotion pins a tag by what the registry says now, for images whose running digest is unknown.
            var unknown = twins.SelectMany(t => t.Containers.Where(c => ImageReference.DigestOf(c.Image) is null && running.GetValueOrDefault(t.Id)?.ContainsKey(c.Name) != true))
                .Select(c => c.Image).ToList();
            var registry = force && unknown.Count > 0 ? await Registry().ReadAsync([], unknown, cancellationToken: cancellationToken) : RegistryFacts.None;
            return snapshot =>
            {
                var (environment, scan) = Read(run, snapshot);
                var (_, fromScan) = Read(run, snapshot, sourceName, applied: false);
                var facts = new PromotionFacts(refusals, running, notChecked, registry, RejectionsAt(run, snapshot, sourceName), RejectionsAt(run, snapshot, environment.Name));
                var plan = PromotionPlanner.Plan(fromScan, scan, services, force, facts);
                var workloads = plan.Where(p => p.Changes).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
                var subject = $"Promote {string.Join(", ", workloads.Take(5))}{(workloads.Count > 5 ? $" and {workloads.Count - 5} more" : "")} from {sourceName} to {environment.Name}";
                return new PlannedChange(environment, plan, Commit(run, snapshot, environment, plan, ReleaseAction.Promote, subject));
            };
        }, cancellationToken: cancellationToken);

    /// <summary>The source's rollouts and running digests, from its cluster (opened for reading even with --apply false). When it
    /// cannot be reached, says why instead: the plan then refuses without --force.</summary>
    private async Task<(Dictionary<string, string> Refusals, Dictionary<string, IReadOnlyDictionary<string, string>> Running, string? NotChecked)> ReadSourceAsync(
        EnvironmentConfig source, IReadOnlyList<Workload> twins, CancellationToken cancellationToken)
    {
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        var running = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (settings.ReadCluster is not { } open) return (refusals, running, $"no cluster is configured for {source.Name}");
        try
        {
            var cluster = open(source);
            foreach (var twin in twins)
            {
                if (SourceRollout.Refusal(await cluster.GetAsync(twin.Id, cancellationToken), source.Name) is { } refusal) refusals[twin.Id] = refusal;
                if (twin.Containers.Any(c => ImageReference.DigestOf(c.Image) is null)) running[twin.Id] = await cluster.RunningDigestsAsync(twin.Id, cancellationToken);
            }
            return (refusals, running, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not PipelinesException { Kind: FaultKind.Usage })
        {
            return (refusals, running, $"the cluster of {source.Name} cannot be read: {e.Message}");
        }
    }
}
