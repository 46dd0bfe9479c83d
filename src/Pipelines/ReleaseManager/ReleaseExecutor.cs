using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ReleaseManager;

/// <summary>
/// The thin I/O layer under every committing target (STYLE.md: decisions pure, I/O at the edges): read the
/// config repo, let the target prepare (registry, cluster reads) and plan, then lock, commit, push, apply and
/// wait through <see cref="ConfigRepository.UpdateAsync"/>, and report what happened step by step.
/// </summary>
internal sealed class ReleaseExecutor(ConfigRepository repository, IGlobalLock globalLock, Log log)
{
    public required string Release { get; init; }

    public required ReleaseAction Action { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The cluster of the environment; null with <c>--apply false</c>.</summary>
    public Func<EnvironmentConfig, IEnvironmentCluster>? OpenCluster { get; init; }

    /// <summary>Lines <c>prepare</c> adds to "what happened" after the plan (e.g. what was checked in the source cluster).</summary>
    public List<string> Notes { get; } = [];

    private (string Environment, Task<IEnvironmentCluster> Cluster)? _opening;

    /// <summary>Starts connecting to the environment's cluster in the background as soon as the plan knows the environment,
    /// so that loading the Kubernetes client (tens of ms) overlaps the planning. Only reads a kubeconfig.</summary>
    public void StartOpeningCluster(EnvironmentConfig environment)
    {
        if (OpenCluster is not { } open || DryRun || _opening is not null) return;
        _opening = (environment.Name, Task.Run(() => open(environment)));
    }

    /// <summary>Automation: a failed rollout is rolled back at once and its image rejected.</summary>
    public bool RollBackFailures { get; init; }

    /// <param name="prepare">Given the config repo as it is, gathers what the plan needs (registry, cluster) and
    /// returns the pure plan function, which runs again on the new head whenever the branch moved.</param>
    public async Task<ReleaseReport> RunAsync(Func<ConfigSnapshot, Task<Func<ConfigSnapshot, PlannedChange>>> prepare, CancellationToken cancellationToken = default)
    {
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var plan = await prepare(snapshot);
        var current = plan(snapshot);
        var steps = new List<string>();
        if (DryRun)
        {
            steps.Add(ReleaseSteps.Plan(current.Workloads));
            steps.AddRange(Notes);
            steps.Add("dry run: nothing locked, committed, pushed or applied");
            return Report(current, null, steps) with { DryRun = true };
        }
        // Before anything is committed, so that a cluster that cannot be reached leaves the config repo untouched.
        var cluster = _opening is { } opening && opening.Environment == current.Environment.Name ? await opening.Cluster : OpenCluster?.Invoke(current.Environment);
        if (current.Changing is { Count: > 0 } changing) cluster?.Prepare(snapshot, changing.Select(p => p.Workload).ToList());
        var rollouts = new Dictionary<string, WorkloadResult>(StringComparer.Ordinal);
        var afterPush = new List<string>();
        // Without a cluster nothing follows the push under the lock, so a git lock is released by the push itself.
        var result = await repository.UpdateAsync(snapshot => (current = plan(snapshot)).Change, globalLock,
            cluster is null ? null : commit => AfterPushAsync(cluster, commit, current, rollouts, afterPush, cancellationToken), cancellationToken, readJustNow: snapshot);

        steps.Add(ReleaseSteps.Plan(current.Workloads));
        steps.AddRange(Notes);
        // --lock none: say so rather than "acquired (no lock)".
        var locking = globalLock is not NoLock;
        if (!locking) steps.Add("lock: none (--lock none; the push is still a compare-and-swap)");
        else if (!result.LockTaken) steps.Add("lock: not taken (nothing to commit)");
        else steps.Add($"lock: acquired ({globalLock.Description})");
        if (result.Pushed)
        {
            steps.Add(ReleaseSteps.Edit(result.Change!.Edits.Select(e => e.Path)));
            steps.Add(ReleaseSteps.Commit(result.Commit!, result.Change.Message.Subject));
            steps.Add(ReleaseSteps.Push(result.Branch!, repository.Options.Remote.Display, result.Attempts));
            if (cluster is null) steps.Add("apply: not done (--apply false: a GitOps agent such as Argo CD or Flux applies the config repo)");
            steps.AddRange(afterPush);
        }
        else if (result.LockTaken)
        {
            steps.Add("commit: none (another run made the same change first)");
        }
        if (locking && result.LockTaken) steps.Add("lock: released");
        var report = Report(current, result, steps);
        return report with { Results = report.Results.Select(r => rollouts.GetValueOrDefault(r.Workload) ?? r).ToList() };
    }

    private async Task AfterPushAsync(IEnvironmentCluster cluster, string commit, PlannedChange pushed, Dictionary<string, WorkloadResult> rollouts,
        List<string> steps, CancellationToken cancellationToken)
    {
        var changing = pushed.Changing;
        var results = await ApplyAsync(cluster, commit, pushed.Environment, changing.Select(p => p.Workload.Id).ToHashSet(StringComparer.Ordinal), steps, cancellationToken);
        foreach (var planned in changing)
        {
            if (results.GetValueOrDefault(planned.Workload.Id) is { } rollout) rollouts[planned.Workload.Id] = ReleaseSteps.WithRollout(planned.Result, rollout);
        }
        var failed = results.Values.Where(r => r.Outcome == RolloutOutcome.Failed).Select(r => r.Workload).ToHashSet(StringComparer.Ordinal);
        if (!RollBackFailures || failed.Count == 0) return;

        // Still under the lock this release holds, so the rollback needs none of its own.
        var rollbackId = ReleaseId.New(DateTimeOffset.UtcNow);
        var back = await repository.UpdateAsync(snapshot =>
        {
            var scan = EnvironmentScan.Read(snapshot, pushed.Environment);
            var plan = FailedRolloutRollback.Plan(scan, changing, failed);
            if (plan.Count == 0) return null;
            var changes = plan.SelectMany(p => p.Result.Changes).ToList();
            var message = new ReleaseCommitMessage(
                $"Roll back {string.Join(", ", plan.Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}"))} in {pushed.Environment.Name}: the rollout of {Release} failed",
                ReleaseAction.Rollback, rollbackId, pushed.Environment.Name, changes, "automation", RollbackOf: Release,
                Body: "Automation rolled back a failed rollout and marked the image rejected, so that it is not released again.");
            return new ConfigChange(ReleaseEdits.For(plan, snapshot.ReadText, pushed.Environment.Namespace, rejectFrom: true), message);
        }, new NoLock(), async rollbackCommit =>
        {
            steps.Add($"rollback: {rollbackCommit[..7]} ({rollbackId}) returns {string.Join(", ", failed)} to the images before; the failed images are rejected");
            await ApplyAsync(cluster, rollbackCommit, pushed.Environment, failed, steps, cancellationToken);
        }, cancellationToken);
        if (!back.Pushed) return;
        foreach (var change in back.Change!.Message.Changes.GroupBy(c => c.Workload))
        {
            var result = rollouts[change.Key];
            rollouts[change.Key] = result with
            {
                Reason = $"{result.Reason}; rolled back to {string.Join(", ", change.Select(c => c.To))} in {back.Commit![..7]} ({rollbackId}), {string.Join(", ", change.Select(c => c.From))} rejected",
            };
        }
    }

    private async Task<IReadOnlyDictionary<string, RolloutResult>> ApplyAsync(IEnvironmentCluster cluster, string commit, EnvironmentConfig environment,
        IReadOnlySet<string> workloadIds, List<string> steps, CancellationToken cancellationToken)
    {
        using var snapshot = repository.SnapshotAt(commit);
        var workloads = EnvironmentScan.Read(snapshot, environment).Workloads.Where(w => workloadIds.Contains(w.Id)).ToList();
        steps.Add($"apply: {string.Join(", ", workloads.Select(w => w.Id))} to {environment.Name} at {commit[..7]}");
        log.Info($"Applying {workloads.Count} workload(s) of {environment.Name} and waiting for their rollouts.");
        var results = await cluster.ApplyAndWaitAsync(snapshot, workloads, cancellationToken);
        steps.AddRange(results.Select(ReleaseSteps.Rollout));
        return results.ToDictionary(r => r.Workload, StringComparer.Ordinal);
    }

    private ReleaseReport Report(PlannedChange plan, UpdateResult? result, IReadOnlyList<string> steps) =>
        new(Release, plan.Environment.Name, result?.Commit, result?.Pushed ?? false, plan.Workloads.Select(w => w.Result).ToList())
        {
            Action = Action,
            Branch = result?.Branch ?? repository.Options.TargetBranch,
            Steps = steps,
        };
}
