using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Manifests;
using Pipelines.Notifications;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>
/// The release manager's operations — Release (and automation), Rollback, Promote, and the policy changes —
/// each a pure plan from Releases/ run by <see cref="ReleaseExecutor"/> (lock, commit, push, apply, wait).
/// The targets and the Watch service's API call these same functions, so both give the same results.
/// What the caller must fix fails before any lock: an unknown environment or service is a <see cref="Faults.PipelinesException"/>
/// of kind NotFound, a bad request or filter one of kind Usage (<see cref="Faults.Fault"/> maps both to exit 2 and 404/400).
/// One file per operation family.
/// </summary>
public sealed partial class ReleaseOperations(ReleaseManagerSettings settings, ILog log)
{
    /// <summary>One operation's open config repo, executor and caller.</summary>
    private sealed record Run(ConfigRepository Repository, ReleaseExecutor Executor, OperationOptions Options, Caller Caller)
    {
        /// <summary>Environments read from commits: a commit never changes, and an operation plans on the same one several
        /// times (to prepare, to report, and again under the lock), so each is read — and warned about — once.</summary>
        public Dictionary<(string? Commit, string Environment), (EnvironmentConfig, EnvironmentScan)> Scans { get; } = [];

        /// <summary>The rejected images of an environment as of a commit, likewise read once.</summary>
        public Dictionary<(string? Commit, string Environment), Rejections> Rejections { get; } = [];
    }

    /// <summary>The environment's rejected images as history says at this snapshot's commit: a rollback pushed while this run
    /// waited is seen when it plans again on the new head.</summary>
    private static Rejections RejectionsAt(Run run, ConfigSnapshot snapshot, string environment)
    {
        var key = (snapshot.Commit, environment);
        if (!run.Rejections.TryGetValue(key, out var rejections)) run.Rejections[key] = rejections = snapshot.Rejections(environment);
        return rejections;
    }

    private async Task<ReleaseReport> RunAsync(OperationOptions options, ReleaseAction action,
        Func<Run, ConfigSnapshot, Task<Func<ConfigSnapshot, PlannedChange>>> prepare, bool rollBackFailures = false, bool applies = true,
        CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        var executor = new ReleaseExecutor(repository, settings.OpenLock(repository), log)
        {
            Release = options.Release ?? ReleaseId.New(DateTimeOffset.UtcNow),
            Action = action,
            DryRun = options.DryRun,
            OpenCluster = applies ? settings.OpenCluster : null,
            ValidateAgainst = settings.ReadCluster ?? settings.OpenCluster,
            RollBackFailures = rollBackFailures,
            AllowPending = options.AllowPending,
            RolloutTimeout = settings.RolloutTimeout,
            Progress = options.Progress,
        };
        var run = new Run(repository, executor, options, options.Caller ?? new Caller(repository.Options.Identity.Name, repository.Options.Identity.Cause));
        var report = await executor.RunAsync(async first =>
        {
            var plan = await prepare(run, first);
            return snapshot => WithRenderer(run, snapshot, plan(snapshot));
        }, cancellationToken);
        // Only automation's releases roll back failures, so that flag is what tells an automated release.
        if (settings.Notify is { } notify && ReleaseNotice.Worth(report)) notify(new ReleaseNotice(report, run.Caller.Cause, rollBackFailures, options.Message));
        return report;
    }

    /// <summary>The plan, saying which renderer owns its environment when the scan it was made from found one.</summary>
    private static PlannedChange WithRenderer(Run run, ConfigSnapshot snapshot, PlannedChange plan) =>
        Authored(run, run.Scans.TryGetValue((snapshot.Commit, plan.Environment.Name), out var read) && read.Item2.RenderedBy is { } rendered
            ? plan with { RenderedBy = rendered }
            : plan);

    /// <summary>The plan's commit by the person who asked, when a person asked (<see cref="Caller.Email"/>).</summary>
    private static PlannedChange Authored(Run run, PlannedChange plan) =>
        run.Caller.Email is { } email && plan.Change is { } change ? plan with { Change = change with { Author = new CommitAuthor(run.Caller.Name, email) } } : plan;

    /// <summary>The commit of a plan: edits for every change, trailers for every container; null when nothing changes.</summary>
    private static ConfigChange? Commit(Run run, ConfigSnapshot snapshot, EnvironmentConfig environment, IReadOnlyList<PlannedWorkload> plan, ReleaseAction action,
        string subject, string? rollbackOf = null)
    {
        var changing = plan.Where(p => p.Changes).ToList();
        if (changing.Count == 0) return null;
        var message = new ReleaseCommitMessage(subject, action, run.Executor.Release, environment.Name, changing.SelectMany(p => p.Result.Changes).ToList(),
            run.Caller.Cause, rollbackOf, run.Options.Message);
        return new ConfigChange(ReleaseEdits.For(changing, snapshot.ReadText), message);
    }

    /// <summary>The environment (unknown: a usage error) and its workloads, from one snapshot; refuses to apply a kustomize folder.</summary>
    private (EnvironmentConfig Environment, EnvironmentScan Scan) Read(Run run, ConfigSnapshot snapshot, string? name = null, bool applied = true)
    {
        var key = (snapshot.Commit, name ?? run.Options.Environment);
        if (!run.Scans.TryGetValue(key, out var read))
        {
            var named = EnvironmentReader.Environment(run.Repository, snapshot, key.Item2);
            // The cluster starts opening while the workloads are read (parsing YAML is most of a plan's time).
            if (applied) run.Executor.StartOpeningCluster(named);
            run.Scans[key] = read = (named, EnvironmentScan.Read(snapshot.AsRepoFiles(), named));
            foreach (var warning in read.Item2.Warnings) log.Warn(warning);
        }
        var (environment, scan) = read;
        if (applied && settings.OpenCluster is not null && !run.Options.DryRun && scan.RenderedBy is { } rendered)
        {
            throw new PipelinesException(FaultKind.Usage, $"{rendered}, so it cannot be applied directly. Pass --apply false and let the GitOps agent (Argo CD, Flux) render and apply it.");
        }
        return (environment, scan);
    }

    private RegistryLookup Registry() => new(settings.Registry, log);

    /// <summary>Each container of a workload with the question its tag filter asks of the registry.</summary>
    private static IEnumerable<(string Container, TagQuestion Question)> TagQuestions(Workload workload, EnvironmentConfig environment)
    {
        var policy = WorkloadPolicy.Of(workload, environment);
        return workload.Containers.Select(c => (c.Name, new TagQuestion(c.Image, policy.TagFilterFor(c.Name, environment))));
    }
}
