using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>
/// The thin I/O layer under every committing target (STYLE.md: decisions pure, I/O at the edges): read the
/// config repo, let the target prepare (registry, cluster reads) and plan, then lock, commit, push, apply and
/// wait through <see cref="ConfigRepository.UpdateAsync"/>, and report what happened step by step.
/// </summary>
internal sealed class ReleaseExecutor(ConfigRepository repository, IGlobalLock globalLock, ILog log)
{
    public required string Release { get; init; }

    public required ReleaseAction Action { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The cluster of the environment; null with <c>--apply false</c>.</summary>
    public Func<EnvironmentConfig, IEnvironmentCluster>? OpenCluster { get; init; }

    /// <summary>A cluster to validate the change against before committing when none is applied to (<c>--apply false</c>,
    /// policy changes); null when none can be named. An unreachable one only means the check was not done.</summary>
    public Func<EnvironmentConfig, IEnvironmentCluster>? ValidateAgainst { get; init; }

    /// <summary>Told each step as it happens (the plan, the commit, the apply, each rollout), for a page that shows a run live;
    /// the report still lists every step at the end.</summary>
    public Action<ReportStep>? Progress { get; init; }

    /// <summary>Lines <c>prepare</c> adds to "what happened" after the plan (e.g. what was checked in the source cluster).</summary>
    public List<ReportStep> Notes { get; } = [];

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

    /// <summary><c>--allow-pending</c>: a rollout still going at <c>--rollout-timeout</c> is a success (the commit is in git); by default it fails the run.</summary>
    public bool AllowPending { get; init; }

    /// <summary>How long each rollout is waited for (<c>--rollout-timeout</c>), for the report's words.</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <param name="prepare">Given the config repo as it is, gathers what the plan needs (registry, cluster) and
    /// returns the pure plan function, which runs again on the new head whenever the branch moved.</param>
    public async Task<ReleaseReport> RunAsync(Func<ConfigSnapshot, Task<Func<ConfigSnapshot, PlannedChange>>> prepare, CancellationToken cancellationToken = default)
    {
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var plan = await prepare(snapshot);
        var current = plan(snapshot);
        var steps = new List<ReportStep>();
        if (DryRun)
        {
            steps.Add(ReleaseSteps.Plan(current.Workloads));
            steps.AddRange(Notes);
            steps.AddRange(current.Notes);
            var dryRun = OpenCluster is { } dryRunCluster && repository.Options.PushBranch is null ? await ValidateAsync(dryRunCluster, current, steps, cancellationToken) : null;
            steps.Add(new NoteStep("dry-run", "dry run: nothing locked, committed, pushed or applied"));
            return Report(current, null, steps) with
            {
                DryRun = true,
                Objects = dryRun?.Objects.Select(a => new ObjectResult(a.Display, a.Namespace, a.Action.ToString().ToLowerInvariant())).ToList() ?? [],
                Previews = current.Change?.Edits.Select(e => new FilePreview(e.Path, snapshot.ReadText(e.Path), e.NewContent)).ToList() ?? [],
            };
        }
        Progress?.Invoke(ReleaseSteps.Plan(current.Workloads));
        // A branch pushed for review is not a deployment: nothing is applied until it is merged.
        var pushBranch = repository.Options.PushBranch;
        // Before anything is committed, so that a cluster that cannot be reached leaves the config repo untouched.
        var cluster = pushBranch is not null ? null
            : _opening is { } opening && opening.Environment == current.Environment.Name ? await opening.Cluster : OpenCluster?.Invoke(current.Environment);
        if (current.Changing is { Count: > 0 } changing) cluster?.Prepare(snapshot, changing.Select(p => p.Workload).ToList());
        // Before anything is committed: what the API server would refuse never lands in git.
        var validation = new List<ReportStep>();
        if ((cluster is not null ? c => cluster : ValidateAgainst) is { } validator) await ValidateAsync(validator, current, validation, cancellationToken, mustReach: cluster is not null);
        var rollouts = new Dictionary<string, WorkloadResult>(StringComparer.Ordinal);
        var afterPush = new List<ReportStep>();
        // Without a cluster nothing follows the push under the lock, so a git lock is released by the push itself.
        var result = await repository.UpdateAsync(snapshot => Checked(snapshot, current = plan(snapshot)), globalLock,
            cluster is null ? null : commit => AfterPushAsync(cluster, commit, current, rollouts, afterPush, cancellationToken), cancellationToken, readJustNow: snapshot);

        steps.Add(ReleaseSteps.Plan(current.Workloads));
        steps.AddRange(Notes);
        steps.AddRange(current.Notes);
        steps.AddRange(validation);
        // --lock none: say so rather than "acquired (no lock)".
        var locking = globalLock is not NoLock;
        if (!locking) steps.Add(new LockStep(LockState.None));
        else if (!result.LockTaken) steps.Add(new LockStep(LockState.NotTaken));
        else steps.Add(new LockStep(LockState.Acquired, globalLock.Description));
        if (result.Pushed)
        {
            var environment = current.Environment.Name;
            var changed = current.Changing.Select(p => p.Workload.Id).ToList();
            steps.Add(new EditStep(result.Change!.Edits.Select(e => e.Path).ToList()));
            steps.Add(new CommitStep(result.Commit!, result.Change.Message.Subject));
            steps.Add(new PushStep(result.Branch!, repository.Options.Remote.Display, result.Attempts));
            if (pushBranch is not null)
            {
                steps.Add(new ApplyStep(environment, changed, result.Commit,
                    $"--push-branch {pushBranch}: a branch under review is not a deployment; nothing is applied until it is merged"));
                steps.Add(new ReviewStep(pushBranch, repository.Options.Branch, repository.Options.Remote.Display));
            }
            else if (cluster is null)
            {
                steps.Add(new ApplyStep(environment, changed, result.Commit, "--apply false: a GitOps agent such as Argo CD or Flux applies the config repo"));
            }
            steps.AddRange(afterPush);
        }
        else if (result.LockTaken)
        {
            steps.Add(new CommitStep(null, null));
        }
        if (locking && result.LockTaken) steps.Add(new LockStep(LockState.Released));
        var report = Report(current, result, steps);
        return report with { Results = report.Results.Select(r => rollouts.GetValueOrDefault(r.Workload) ?? r).ToList() };
    }

    private async Task AfterPushAsync(IEnvironmentCluster cluster, string commit, PlannedChange pushed, Dictionary<string, WorkloadResult> rollouts,
        List<ReportStep> steps, CancellationToken cancellationToken)
    {
        var changing = pushed.Changing;
        Progress?.Invoke(new CommitStep(commit, pushed.Change?.Message.Subject));
        var results = await ApplyAsync(cluster, commit, pushed.Environment, changing.Select(p => p.Workload.Id).ToHashSet(StringComparer.Ordinal), steps, cancellationToken);
        foreach (var planned in changing)
        {
            if (results.GetValueOrDefault(planned.Workload.Id) is { } rollout) rollouts[planned.Workload.Id] = ReleaseSteps.WithRollout(planned.Result, rollout, RolloutTimeout, AllowPending);
        }
        var failed = results.Values.Where(r => r.Outcome == RolloutOutcome.Failed).Select(r => r.Workload).ToHashSet(StringComparer.Ordinal);
        if (!RollBackFailures || failed.Count == 0) return;

        // Still under the lock this release holds, so the rollback needs none of its own.
        var rollbackId = ReleaseId.New(DateTimeOffset.UtcNow);
        var back = await repository.UpdateAsync(snapshot =>
        {
            var scan = EnvironmentScan.Read(snapshot.AsRepoFiles(), pushed.Environment);
            var plan = FailedRolloutRollback.Plan(scan, changing, failed);
            if (plan.Count == 0) return null;
            var changes = plan.SelectMany(p => p.Result.Changes).ToList();
            var message = new ReleaseCommitMessage(
                $"Roll back {string.Join(", ", plan.Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}"))} in {pushed.Environment.Name}: the rollout of {Release} failed",
                ReleaseAction.Rollback, rollbackId, pushed.Environment.Name, changes, "automation", RollbackOf: Release,
                Body: "Automation rolled back a failed rollout; the images rolled back from are rejected in this environment, so that automation does not release them again.");
            var change = new ConfigChange(ReleaseEdits.For(plan, snapshot.ReadText), message);
            ChangeChecked(snapshot, change);
            return change;
        }, new NoLock(), async rollbackCommit =>
        {
            using var rolledBack = repository.SnapshotAt(rollbackCommit);
            var workloads = ReleaseCommitMessage.Parse(rolledBack.CommitMessage ?? "")?.TouchedWorkloads.ToHashSet(StringComparer.Ordinal) ?? failed.ToHashSet(StringComparer.Ordinal);
            steps.Add(new RollbackStep(rollbackCommit, rollbackId, workloads.Order(StringComparer.Ordinal).ToList()));
            await ApplyAsync(cluster, rollbackCommit, pushed.Environment, workloads, steps, cancellationToken);
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
        IReadOnlySet<string> workloadIds, List<ReportStep> steps, CancellationToken cancellationToken)
    {
        using var snapshot = repository.SnapshotAt(commit);
        var workloads = EnvironmentScan.Read(snapshot.AsRepoFiles(), environment).Workloads.Where(w => workloadIds.Contains(w.Id)).ToList();
        var apply = new ApplyStep(environment.Name, workloads.Select(w => w.Id).ToList(), commit);
        steps.Add(apply);
        Progress?.Invoke(apply);
        log.Info($"Applying {workloads.Count} workload(s) of {environment.Name} and waiting for their rollouts.");
        var results = await cluster.ApplyAndWaitAsync(snapshot, workloads, cancellationToken);
        foreach (var rollout in results.Select(ReleaseSteps.Rollout))
        {
            steps.Add(rollout);
            Progress?.Invoke(rollout);
        }
        return results.ToDictionary(r => r.Workload, StringComparer.Ordinal);
    }

    /// <summary>
    /// The server-side apply dry run (dryRun=All, fieldValidation=Strict) of the files the plan changes, against the environment's
    /// cluster: objects the API server refuses fail the run before anything is committed, naming file, line and the server's
    /// message. When a cluster will be applied to (<paramref name="mustReach"/>), not reaching it fails the run too, so the
    /// config repo never says something runs that was never applied; otherwise the report says the check was not done.
    /// Null when there is nothing to check.
    /// </summary>
    private static readonly TimeSpan CheckOnlyDeadline = TimeSpan.FromSeconds(5);

    private static async Task<DryRunReport?> ValidateAsync(Func<EnvironmentConfig, IEnvironmentCluster> open, PlannedChange plan, List<ReportStep> steps,
        CancellationToken cancellationToken, bool mustReach = false)
    {
        if (plan.Change is null) return null;
        if (plan.RenderedBy is { } rendered)
        {
            // Values files and HelmReleases are not what the agent applies (and their kinds may live in another cluster):
            // a dry run of them would refuse good releases, so the agent that renders them is left to validate.
            steps.Add(new NoteStep("validation", $"validation: not done ({rendered}; its GitOps agent validates what it renders)"));
            return null;
        }
        var files = plan.Change.Edits.Where(e => e.NewContent is not null && !KustomizeImage.IsKustomization(e.Path)).Select(e => (e.Path, e.NewContent!)).ToList();
        if (files.Count == 0) return null;
        DryRunReport report;
        // Only a check when nothing will be applied: a cluster that does not answer soon is reported as not reached.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!mustReach) deadline.CancelAfter(CheckOnlyDeadline);
        try
        {
            report = await open(plan.Environment).DryRunFilesAsync(files, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            report = DryRunReport.CouldNotReach($"no answer in {CheckOnlyDeadline.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException && Faults.Fault.KindOf(e) is not (Faults.FaultKind.Usage or Faults.FaultKind.NotFound))
        {
            report = DryRunReport.CouldNotReach(e.Message);
        }
        foreach (var line in report.Lines()) steps.Add(new NoteStep("validation", line.TrimStart()));
        if (!report.Reached && mustReach)
        {
            throw new Faults.PipelinesException(Faults.FaultKind.Unavailable,
                $"The cluster of {plan.Environment.Name} cannot be reached ({report.Unreachable}); nothing was committed. Check the cluster and its kubeconfig, " +
                "or pass --apply false to commit without applying (a GitOps agent applies then).");
        }
        if (report.Refused.Count > 0)
        {
            throw new Faults.PipelinesException(Faults.FaultKind.Failed,
                $"The API server of {plan.Environment.Name} refuses {report.Refused.Count} object(s) of this change; nothing was committed: " +
                string.Join("; ", report.Refused.Select(r => r.Text)));
        }
        return report;
    }

    /// <summary>The check before every push (<see cref="ChangeCheck"/>): the plan's change is refused, nothing committed, when an
    /// edited file would not be exactly its parent with the intended values set.</summary>
    private static ConfigChange? Checked(ConfigSnapshot snapshot, PlannedChange plan) => plan.Change is { } change ? ChangeChecked(snapshot, change) : null;

    private static ConfigChange ChangeChecked(ConfigSnapshot snapshot, ConfigChange change)
    {
        var problems = ChangeCheck.Problems(change.Edits, snapshot.ReadText);
        if (problems.Count > 0)
        {
            throw new ChangeCheckException(problems);
        }
        return change;
    }

    private ReleaseReport Report(PlannedChange plan, UpdateResult? result, IReadOnlyList<ReportStep> steps) =>
        new(Release, plan.Environment.Name, result?.Commit, result?.Pushed ?? false, plan.Workloads.Select(w => w.Result).ToList())
        {
            Action = Action,
            Branch = result?.Branch ?? repository.Options.TargetBranch,
            Steps = steps,
        };
}
