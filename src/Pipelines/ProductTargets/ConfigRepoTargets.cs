using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>V2: the config repo as the single source of truth, and its history.</summary>
public sealed class ConfigRepoTargets : ConfigRepoParameters
{
    [Parameter("At most this many entries (History: default 20; ListImages: all).")]
    public int? Limit { get; set; }

    public Target UpdateConfigRepo => _ => _
        .Description("V2: sets a container's image in an environment of the config repo under the global lock, commits, pushes, applies it and waits for the rollout.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Requires(() => Service)
        .Executes(async () =>
        {
            var image = Image ?? Docker.PushedImage.Read(Context.TempDirectory)?.Reference
                ?? throw new UsageException("--image is required (or run PushImage first in the same job: it writes .nuke/temp/image.json, which UpdateConfigRepo reads).");
            if (Image is null) Log.Info($"Releasing the image PushImage pushed: {image}.");
            var repository = OpenConfigRepository();
            using var first = await repository.ReadAsync();
            // The cluster is resolved before anything is committed: a missing kubeconfig must not leave a pushed, unapplied commit.
            var cluster = Apply ? OpenCluster(EnvironmentOf(first)) : null;
            // Ready the cluster (discovery, a first read) in the background while the change is committed and pushed.
            if (cluster is not null && Service is [var service]) cluster.Prepare(first, [EnvironmentScan.Read(first, EnvironmentOf(first)).Resolve(service)]);
            var release = ReleaseId.New(DateTimeOffset.UtcNow);
            WorkloadResult? outcome = null;
            Workload? changed = null;
            IReadOnlyList<RolloutResult> rollouts = [];
            var result = await repository.UpdateAsync(snapshot =>
            {
                var (change, workloadResult, workload, _) = SetImage(snapshot, image, release, repository.Options.Identity.Cause);
                (outcome, changed) = (workloadResult, workload);
                return change;
            }, OpenLock(repository), afterPush: cluster is null ? null : async commit =>
            {
                // Still under the lock: the next release cannot start before this one is applied.
                using var pushed = repository.SnapshotAt(commit);
                rollouts = await cluster.ApplyAndWaitAsync(pushed, [changed!]);
            }, readJustNow: first);
            if (outcome is not null && rollouts.Count > 0) outcome = WithRollout(outcome, rollouts[0]);
            var report = new ReleaseReport(release, Environment!, result.Commit, result.Pushed, outcome is null ? [] : [outcome]) { Branch = result.Branch };
            if (Output == OutputFormat.Json) Context.Results.WriteLine(ReleaseReportRenderer.Json(report));
            else foreach (var line in ReleaseReportRenderer.Table(report)) Context.Results.WriteLine(line);
            // As Release: a failed rollout fails the job; one still going at --rollout-timeout is pending (the commit is in git).
            if (rollouts.FirstOrDefault(r => r.Outcome == RolloutOutcome.Failed) is { } failed)
            {
                throw new BuildFailure($"commit {ConfigRepository.Short(result.Commit)} landed in the config repo, but the rollout of {failed.Workload} failed: {failed.Reason}. " +
                    "Roll back with Rollback, or release a fixed image.");
            }
            foreach (var pending in rollouts.Where(r => r.Outcome == RolloutOutcome.TimedOut))
            {
                Log.Warn($"commit {ConfigRepository.Short(result.Commit)} landed in the config repo; the rollout of {pending.Workload} is pending: {pending.Reason}");
            }
        });

    private static WorkloadResult WithRollout(WorkloadResult result, RolloutResult rollout) => rollout.Outcome switch
    {
        RolloutOutcome.Succeeded => result,
        RolloutOutcome.TimedOut => result with { Reason = $"rollout pending: {rollout.Reason}" },
        _ => result with { Status = WorkloadStatus.Failed, Reason = $"rollout failed: {rollout.Reason}" },
    };

    // "Given this tree, produce these edits": re-run on the new head whenever the branch moved.
    private (ConfigChange? Change, WorkloadResult Result, Workload Workload, EnvironmentConfig Environment) SetImage(ConfigSnapshot snapshot, string image, string release, string cause)
    {
        var environment = EnvironmentOf(snapshot);
        var scan = EnvironmentScan.Read(snapshot, environment);
        foreach (var warning in scan.Warnings) Log.Warn(warning);
        var workload = scan.Resolve(Service is [var one] ? one : throw new UsageException("UpdateConfigRepo sets the image of one workload; give one --service (Release takes several)."));
        if (WorkloadKinds.Find(workload.Kind)?.RefusalReason is { } refused) throw new BuildFailure($"{workload.Id}: {refused}. Nothing was committed.");
        var containers = workload.Containers.Where(c => !c.IsInit).ToList();
        var container = Container ?? (containers.Count == 1
            ? containers[0].Name
            : throw new UsageException($"{workload.Id} has {containers.Count} containers ({string.Join(", ", containers.Select(c => c.Name))}); name one with --container."));
        var (text, changes) = ImageEdit.SetImage(snapshot.ReadText(workload.File)!, workload.File, workload.Id, container, image, environment.Namespace);
        var trailers = changes.Select(c => new ContainerChange(c.Workload, c.Container, c.From, c.To)).ToList();
        if (changes.Count == 0) return (null, new WorkloadResult(workload.Id, WorkloadStatus.Skipped, "up to date", []), workload, environment);
        var message = new ReleaseCommitMessage($"Release {image} to {workload.Namespace}/{workload.Name} in {environment.Name}",
            ReleaseAction.Release, release, environment.Name, trailers, cause);
        return (new ConfigChange([new FileEdit(workload.File, text)], message), new WorkloadResult(workload.Id, WorkloadStatus.Success, null, trailers), workload, environment);
    }

    private EnvironmentConfig EnvironmentOf(ConfigSnapshot snapshot)
    {
        var configText = snapshot.ReadText(PipelinesConfig.FileName)
            ?? throw new BuildFailure($"{ConfigRepo} has no {PipelinesConfig.FileName} at {ConfigBranch}; see docs/config-repo.md for its format.");
        return PipelinesConfig.Parse(configText).Environment(Environment!);
    }

    public Target History => _ => _
        .Description("Lists the tool's commits (releases, rollbacks, locks…) newest first, read from their trailers.")
        .Requires(() => ConfigRepo)
        .Executes(async () =>
        {
            var repository = OpenConfigRepository();
            var entries = await ConfigHistory.ReadAsync(repository.Cache, ConfigBranch, Environment,
                Service.Length == 0 ? null : workload => Service.Any(s => WorkloadName.Matches(workload, s)), Limit ?? 20);
            if (Output == OutputFormat.Json) Context.Results.WriteLine(HistoryReport.Json(entries));
            else foreach (var line in HistoryReport.Table(entries)) Context.Results.WriteLine(line);
        });
}
