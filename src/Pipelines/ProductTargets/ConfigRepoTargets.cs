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
    [Parameter("Only this environment.")]
    public string? Environment { get; set; }

    [Parameter("The workload(s): name, namespace/name or namespace:kind/name (UpdateConfigRepo takes one; Release, Promote and History several).")]
    public string[] Service { get; set; } = [];

    [Parameter("At most this many entries (History: default 20; ListImages: all).")]
    public int? Limit { get; set; }

    [Parameter("The container whose image changes (default: the workload's only container).")]
    public string? Container { get; set; }

    [Parameter("The image to release, e.g. registry.example.com/team/app:1.4.2.")]
    public string? Image { get; set; }

    [Parameter("Apply the changed manifests to the cluster after the push; false leaves that to a GitOps agent (Argo CD, Flux).")]
    public bool Apply { get; set; } = true;

    public Target UpdateConfigRepo => _ => _
        .Description("V2: sets a container's image in an environment of the config repo under the global lock, commits, pushes, applies it and waits for the rollout.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Requires(() => Service)
        .Executes(async () =>
        {
            // Without --image, what PushImage pushed earlier in this job (`BuildImage PushImage UpdateConfigRepo`):
            // --image would make PushImage push that image instead of building, so it cannot be passed there.
            Image ??= Docker.PushedImage.Read(Context.TempDirectory)?.Reference
                ?? throw new UsageException($"--image is required (or run PushImage first in the same job: it writes {Docker.PushedImage.PathIn(Context.TempDirectory)}, which UpdateConfigRepo reads).");
            var repository = OpenConfigRepository();
            var release = ReleaseId.New(DateTimeOffset.UtcNow);
            WorkloadResult? outcome = null;
            Workload? changed = null;
            EnvironmentConfig? environment = null;
            IReadOnlyList<RolloutResult> rollouts = [];
            var result = await repository.UpdateAsync(snapshot =>
            {
                var (change, workloadResult, workload, env) = SetImage(snapshot, release, repository.Options.Identity.Cause);
                (outcome, changed, environment) = (workloadResult, workload, env);
                return change;
            }, OpenLock(repository), afterPush: Apply ? async commit =>
            {
                // Still under the lock: the next release cannot start before this one is applied.
                using var pushed = repository.SnapshotAt(commit);
                rollouts = await OpenCluster(environment!).ApplyAndWaitAsync(pushed, [changed!]);
            } : null);
            if (outcome is not null && rollouts.Count > 0) outcome = WithRollout(outcome, rollouts[0]);
            var report = new ReleaseReport(release, Environment!, result.Commit, result.Pushed, outcome is null ? [] : [outcome]);
            if (Output == OutputFormat.Json) Context.Results.WriteLine(ReleaseReportRenderer.Json(report));
            else foreach (var line in ReleaseReportRenderer.Table(report)) Context.Results.WriteLine(line);
            if (rollouts.FirstOrDefault(r => r.Outcome != RolloutOutcome.Succeeded) is { } unfinished)
            {
                throw new BuildFailure(unfinished.Outcome == RolloutOutcome.TimedOut
                    ? $"commit {ConfigRepository.Short(result.Commit)} landed in the config repo, but the rollout of {unfinished.Workload} is pending: {unfinished.Reason}"
                    : $"commit {ConfigRepository.Short(result.Commit)} landed in the config repo, but the rollout of {unfinished.Workload} failed: {unfinished.Reason}. " +
                      "Roll back with Rollback, or release a fixed image.");
            }
        });

    private static WorkloadResult WithRollout(WorkloadResult result, RolloutResult rollout) => rollout.Outcome switch
    {
        RolloutOutcome.Succeeded => result,
        RolloutOutcome.TimedOut => result with { Reason = $"rollout pending: {rollout.Reason}" },
        _ => result with { Status = WorkloadStatus.Failed, Reason = $"rollout failed: {rollout.Reason}" },
    };

    // "Given this tree, produce these edits": re-run on the new head whenever the branch moved.
    private (ConfigChange? Change, WorkloadResult Result, Workload Workload, EnvironmentConfig Environment) SetImage(ConfigSnapshot snapshot, string release, string cause)
    {
        var configText = snapshot.ReadText(PipelinesConfig.FileName)
            ?? throw new BuildFailure($"{ConfigRepo} has no {PipelinesConfig.FileName} at {ConfigBranch}; see docs/config-repo.md for its format.");
        var environment = PipelinesConfig.Parse(configText).Environment(Environment!);
        var scan = EnvironmentScan.Read(snapshot, environment);
        foreach (var warning in scan.Warnings) Log.Warn(warning);
        var workload = scan.Resolve(Service is [var one] ? one : throw new UsageException("UpdateConfigRepo sets the image of one workload; give one --service (Release takes several)."));
        var containers = workload.Containers.Where(c => !c.IsInit).ToList();
        var container = Container ?? (containers.Count == 1
            ? containers[0].Name
            : throw new UsageException($"{workload.Id} has {containers.Count} containers ({string.Join(", ", containers.Select(c => c.Name))}); name one with --container."));
        var (text, changes) = ImageEdit.SetImage(snapshot.ReadText(workload.File)!, workload.File, workload.Id, container, Image!, environment.Namespace);
        var trailers = changes.Select(c => new ContainerChange(c.Workload, c.Container, c.From, c.To)).ToList();
        if (changes.Count == 0) return (null, new WorkloadResult(workload.Id, WorkloadStatus.Skipped, "up to date", []), workload, environment);
        var message = new ReleaseCommitMessage($"Release {Image} to {workload.Namespace}/{workload.Name} in {environment.Name}",
            ReleaseAction.Release, release, environment.Name, trailers, cause);
        return (new ConfigChange([new FileEdit(workload.File, text)], message), new WorkloadResult(workload.Id, WorkloadStatus.Success, null, trailers), workload, environment);
    }

    public Target History => _ => _
        .Description("Lists the tool's commits (releases, rollbacks, locks…) newest first, read from their trailers.")
        .Requires(() => ConfigRepo)
        .Executes(async () =>
        {
            var repository = OpenConfigRepository();
            var entries = await ConfigHistory.ReadAsync(repository.Cache, ConfigBranch, Environment,
                Service.Length == 0 ? null : change => Service.Any(s => WorkloadName.Matches(change.Workload, s)), Limit ?? 20);
            if (Output == OutputFormat.Json) Context.Results.WriteLine(HistoryReport.Json(entries));
            else foreach (var line in HistoryReport.Table(entries)) Context.Results.WriteLine(line);
        });
}
