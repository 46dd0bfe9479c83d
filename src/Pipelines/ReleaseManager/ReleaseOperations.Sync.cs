using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Faults;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.Notifications;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>
    /// Applies everything under an environment's path (a deleted cluster is rebuilt from git), under the global lock, so that
    /// a release between its push and its apply is never overwritten by an older state; or, with <see cref="SyncRequest.Adopt"/>,
    /// commits the drifted live images instead. One report either way, in the words of a release's.
    /// </summary>
    public async Task<ReleaseReport> SyncAsync(OperationOptions options, SyncRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Adopt) return await AdoptAsync(options, cancellationToken);
        var report = (await ApplyEnvironmentAsync(options.Environment, options.DryRun, request.Prune, onlyIfDrifted: false, cancellationToken)).Report;
        if (settings.Notify is { } notify && ReleaseNotice.Worth(report)) notify(new ReleaseNotice(report, (options.Caller ?? Caller.Automation(null)).Cause, false, options.Message));
        return report;
    }

    /// <summary>
    /// Watch's interval sync: the same apply as <see cref="SyncAsync"/>, without pruning, only when something drifted. The drift is
    /// read without the lock; only when something drifted is the lock taken and the branch read again. Null without a cluster.
    /// </summary>
    public async Task<SyncReport?> SyncIfDriftedAsync(string environmentName, CancellationToken cancellationToken = default)
    {
        if (settings.OpenCluster is null) return null;
        var outcome = await ApplyEnvironmentAsync(environmentName, dryRun: false, prune: false, onlyIfDrifted: true, cancellationToken);
        return outcome.Drift is null ? null : new SyncReport(outcome.Drift, outcome.Applied, DateTimeOffset.UtcNow);
    }

    private sealed record SyncOutcome(ReleaseReport Report, Drift? Drift, IReadOnlyList<AppliedObject>? Applied);

    private async Task<SyncOutcome> ApplyEnvironmentAsync(string environmentName, bool dryRun, bool prune, bool onlyIfDrifted, CancellationToken cancellationToken)
    {
        var open = settings.OpenCluster ?? throw new PipelinesException(FaultKind.Usage, "Sync applies the config repo to its cluster; it cannot run with --apply false (the GitOps agent applies then).");
        var repository = settings.OpenRepository();
        var release = ReleaseId.New(DateTimeOffset.UtcNow);
        Drift? drift = null;
        if (onlyIfDrifted)
        {
            using var first = await repository.ReadAsync(cancellationToken);
            var (environment, firstScan) = EnvironmentReader.Read(repository, first, environmentName);
            // Its GitOps agent applies what a renderer makes of it (Sync refuses it); an interval sync leaves it alone.
            if (firstScan.RenderedBy is not null)
            {
                return new SyncOutcome(new ReleaseReport(release, environmentName, first.Commit, false, []) { Action = ReleaseAction.Sync }, null, null);
            }
            drift = await DriftReader.ReadAsync(open(environment), first, environment, firstScan, cancellationToken);
            if (drift.Images.Count == 0 && drift.MissingInCluster.Count == 0)
            {
                return new SyncOutcome(new ReleaseReport(release, environmentName, first.Commit, false, []) { Action = ReleaseAction.Sync }, drift, null);
            }
        }

        var steps = new List<ReportStep>();
        var globalLock = settings.OpenLock(repository);
        await using var held = dryRun ? null : await globalLock.AcquireAsync(cancellationToken);
        if (!dryRun) steps.Add(globalLock is Locking.NoLock ? new LockStep(LockState.None) : new LockStep(LockState.Acquired, globalLock.Description));
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var (env, scan) = EnvironmentReader.Read(repository, snapshot, environmentName);
        foreach (var warning in scan.Warnings) log.Warn(warning);
        KubernetesEnvironmentCluster.RefuseRendered(scan, "Sync applies the files as they are; let the GitOps agent (Argo CD, Flux) that renders them sync it. " +
            "Release, Rollback and Promote with --apply false commit changes for that agent to apply.");
        var cluster = open(env);
        var objects = EnvironmentObjects.Read(snapshot, env);
        log.Info($"Applying {objects.Count} objects of {env.Name} ({env.Path} at {ConfigRepository.Short(snapshot.Commit)}){(dryRun ? " as a server-side dry run" : "")}.");
        var applied = await KubeErrors.Explain($"Applying {env.Name}", () => cluster.ApplyAsync(objects, dryRun, cancellationToken));
        var pruned = prune ? await cluster.PruneAsync(applied, dryRun, cancellationToken) : [];
        var outcomes = Enum.GetValues<ApplyAction>().ToDictionary(a => a.ToString().ToLowerInvariant(), a => applied.Count(o => o.Action == a));
        if (prune) outcomes["pruned"] = pruned.Count;
        steps.Add(new SyncStep(env.Name, snapshot.Commit, objects.Count, outcomes, dryRun));

        var changed = applied.Where(a => a.Action != ApplyAction.Unchanged && WorkloadRef.Kinds.Contains(a.Source.Kind.ToLowerInvariant()))
            .Select(a => $"{a.Namespace}:{a.Source.Kind.ToLowerInvariant()}/{a.Source.Name}").ToHashSet(StringComparer.Ordinal);
        // The interval sync does not wait: it puts git's state back and reports; a rollout's health is automation's and the CLI's to watch.
        var rollouts = dryRun || onlyIfDrifted || changed.Count == 0 ? [] : await cluster.WaitAsync(changed.ToList(), cancellationToken);
        steps.AddRange(rollouts.Select(ReleaseSteps.Rollout));
        if (held is not null && globalLock is not Locking.NoLock) steps.Add(new LockStep(LockState.Released));

        var byId = rollouts.ToDictionary(r => r.Workload, StringComparer.Ordinal);
        var results = scan.Workloads.Select(w => !changed.Contains(w.Id) ? new WorkloadResult(w.Id, WorkloadStatus.Skipped, "unchanged", [])
            : byId.TryGetValue(w.Id, out var rollout) ? ReleaseSteps.WithRollout(new WorkloadResult(w.Id, WorkloadStatus.Success, dryRun ? null : "applied", []), rollout, settings.RolloutTimeout)
            : new WorkloadResult(w.Id, WorkloadStatus.Success, dryRun ? "would change (server-side dry run)" : "applied", [])).ToList();
        var report = new ReleaseReport(release, env.Name, snapshot.Commit, false, results)
        {
            Action = ReleaseAction.Sync,
            Branch = repository.Options.Branch,
            Steps = steps,
            DryRun = dryRun,
            Objects = applied.Select(a => new ObjectResult(a.Display, a.Namespace, a.Action.ToString().ToLowerInvariant()))
                .Concat(pruned.Select(p => new ObjectResult(p, null, "pruned"))).ToList(),
        };
        return new SyncOutcome(report, drift, applied);
    }

    /// <summary>Sync --adopt: the other way round. Someone changed the cluster out of band; instead of undoing it, the live images of
    /// drifted workloads are committed to the config repo (action adopt), through the same plan, checks, lock and report as a release.</summary>
    private Task<ReleaseReport> AdoptAsync(OperationOptions options, CancellationToken cancellationToken) =>
        RunAsync(options, ReleaseAction.Adopt, async (run, first) =>
        {
            var (environment, _) = Read(run, first, applied: false);
            var open = settings.ReadCluster ?? settings.OpenCluster ?? throw new PipelinesException(FaultKind.Usage, "Sync --adopt reads the live images from the cluster; name it (--kubeconfig, or cluster: in pipelines.yaml).");
            var drift = await KubeErrors.Explain($"Comparing {environment.Name} with its cluster", () => DriftReader.ReadAsync(open(environment), first, environment, cancellationToken));
            var live = drift.Images.Where(d => d.Live is not null).ToList();
            return snapshot =>
            {
                var (env, scan) = Read(run, snapshot, applied: false);
                var plan = scan.Workloads.Select(workload =>
                {
                    var changes = live.Where(d => d.Workload == workload.Id)
                        .Select(d => (Drift: d, Current: workload.Containers.FirstOrDefault(c => c.Name == d.Container)))
                        .Where(p => p.Current is not null && p.Current.Image != p.Drift.Live)
                        .Select(p => new ContainerChange(workload.Id, p.Drift.Container, p.Current!.Image, p.Drift.Live!)).ToList();
                    return changes.Count > 0 ? PlannedWorkload.Change(workload, changes) : PlannedWorkload.Skip(workload, SkipReason.UpToDate);
                }).ToList();
                var adopted = plan.Count(p => p.Changes);
                return new PlannedChange(env, plan, Commit(run, snapshot, env, plan, ReleaseAction.Adopt, $"Adopt the live images of {adopted} workload(s) in {env.Name}"));
            };
        }, applies: false, cancellationToken: cancellationToken);
}
