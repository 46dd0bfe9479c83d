using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Registry;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>
/// V3, the release manager: Release (and automation), Rollback, Promote, and the policy targets (Lock,
/// Unlock, Automate, Deautomate, Policy). Each target is a few lines: a pure plan from Releases/ run by
/// <see cref="ReleaseExecutor"/> (lock, commit, push, apply, wait, report). One file per target family.
/// </summary>
public sealed partial class ReleaseTargets : ConfigRepoParameters
{
    [Parameter("Only this environment.")]
    public string? Environment { get; set; }

    [Parameter("The workload(s): name, namespace/name or namespace:kind/name (UpdateConfigRepo takes one; Release, Promote and History several).")]
    public string[] Service { get; set; } = [];

    [Parameter("The container whose image changes (default: the workload's only container).")]
    public string? Container { get; set; }

    [Parameter("The image to release, e.g. registry.example.com/team/app:1.4.2.")]
    public string? Image { get; set; }

    [Parameter("Apply the changed manifests to the cluster after the push; false leaves that to a GitOps agent (Argo CD, Flux).")]
    public bool Apply { get; set; } = true;

    [Parameter("Release: every workload of the environment (with --exclude to leave some out).")]
    public bool All { get; set; }

    [Parameter("Release: workloads to leave out.")]
    public string[] Exclude { get; set; } = [];

    [Parameter("Release: per container, the newest registry tag its tag filter allows.")]
    public bool UpdateAllImages { get; set; }

    [Parameter("Release: automation — every automated, unlocked workload gets its newest allowed images; a failed rollout is rolled back and rejected.")]
    public bool Automated { get; set; }

    [Parameter("Release, Promote: release named workloads even when they are locked (Promote: even when the source's rollout is unhealthy).")]
    public bool Force { get; set; }

    [Parameter("Print the plan; lock, commit, push and apply nothing.")]
    public bool DryRun { get; set; }

    [Parameter("Why: the lock message (Lock), or a note added to the commit message.")]
    public string? Message { get; set; }

    [Parameter("Rollback: the image or release id (rel-…) to return to (default: before the release that set what runs now).")]
    public string? To { get; set; }

    [Parameter("Promote: the environment to promote from (default: its promoteFrom in pipelines.yaml).")]
    public string? From { get; set; }

    [Parameter("Only tags passing this filter: glob:<pattern>, regex:<pattern> or semver:<range>.")]
    public string? TagFilter { get; set; }

    [Parameter("User name for the registry (default: ~/.docker/config.json).")]
    public string? RegistryUsername { get; set; }

    [Parameter("Password or token for the registry.", EnvironmentVariables = ["REGISTRY_PASSWORD"]), Secret]
    public string? RegistryPassword { get; set; }

    [Parameter("The platform picked from multi-platform images, os/arch[/variant].")]
    public string Platform { get; set; } = "linux/amd64";

    [Parameter("Registries (host[:port]) reached over HTTPS without certificate checks, or plain HTTP.")]
    public string[] InsecureRegistries { get; set; } = [];

    public Target Release => _ => _
        .Description("V3: releases images (--image or --update-all-images) to workloads (--service … or --all, or --automated) as one commit; pushes, applies, waits.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Executes(async () =>
        {
            var request = new ReleaseRequest(Service, All, Exclude, Image, UpdateAllImages, Container, Force, Automated);
            ReleasePlanner.Validate(request);
            await RunAsync(ReleaseAction.Release, async (first, executor) =>
            {
                var (environment, firstScan) = Read(first);
                // Planned once without registry facts: the workloads that get as far as asking the registry say which repositories to scan.
                var asking = ReleasePlanner.Plan(firstScan, request, RegistryFacts.None)
                    .Where(p => p.Result.Reason == SkipReason.ImageNotInRegistry)
                    .SelectMany(p => p.Workload.Containers.Where(c => Container is null || c.Name == Container).Select(c => c.Image));
                var facts = await Registry().ReadAsync(request.Image is null ? asking : [], request.Image is null ? [] : [request.Image]);
                return snapshot =>
                {
                    var (env, scan) = Read(snapshot);
                    var plan = ReleasePlanner.Plan(scan, request, facts);
                    return new PlannedChange(env, plan, Commit(snapshot, env, plan, ReleaseAction.Release, executor.Release, ReleaseSubject(env, plan)));
                };
            }, rollBackFailures: Automated);
        });

    private string ReleaseSubject(EnvironmentConfig environment, IReadOnlyList<PlannedWorkload> plan)
    {
        var changes = plan.Where(p => p.Changes).SelectMany(p => p.Result.Changes).ToList();
        var workloads = plan.Where(p => p.Changes).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
        var prefix = Automated ? "Automated release of" : "Release";
        return changes.Count == 1
            ? $"{prefix} {changes[0].To} to {workloads[0]} in {environment.Name}"
            : $"{prefix} {changes.Count} images to {string.Join(", ", workloads.Take(5))}{(workloads.Count > 5 ? $" and {workloads.Count - 5} more" : "")} in {environment.Name}";
    }

    /// <summary>The commit of a plan: edits for every change, trailers for every container; null when nothing changes.</summary>
    private ConfigChange? Commit(ConfigSnapshot snapshot, EnvironmentConfig environment, IReadOnlyList<PlannedWorkload> plan, ReleaseAction action, string release,
        string subject, string? rollbackOf = null, bool rejectFrom = false)
    {
        var changing = plan.Where(p => p.Changes).ToList();
        if (changing.Count == 0) return null;
        var message = new ReleaseCommitMessage(subject, action, release, environment.Name, changing.SelectMany(p => p.Result.Changes).ToList(), Cause(), rollbackOf, Message);
        return new ConfigChange(ReleaseEdits.For(changing, snapshot.ReadText, environment.Namespace, rejectFrom), message);
    }

    private string Cause() => Automated ? "automation" + (Context.Host.BuildUrl is { } url ? $", {url}" : "") : _repository!.Options.Identity.Cause;

    private ConfigRepository? _repository;

    /// <summary>On CI, the JSON report also goes to temp/reports/ (failed releases too), for the job to archive.</summary>
    private void WriteReportForCi(ReleaseReport report)
    {
        var folder = Path.Combine(Context.TempDirectory, "reports");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, report.Release + ".json");
        File.WriteAllText(file, ReleaseReportRenderer.Json(report) + "\n");
        Log.Info($"Report written to {file}.");
    }

    /// <summary>Opens the config repo and lock, runs the executor and prints the report; exit 1 when a workload failed.</summary>
    private async Task RunAsync(ReleaseAction action, Func<ConfigSnapshot, ReleaseExecutor, Task<Func<ConfigSnapshot, PlannedChange>>> prepare,
        bool rollBackFailures = false, bool applies = true)
    {
        _repository = OpenConfigRepository();
        var executor = new ReleaseExecutor(_repository, OpenLock(_repository), Log)
        {
            Release = ReleaseId.New(DateTimeOffset.UtcNow),
            Action = action,
            DryRun = DryRun,
            OpenCluster = Apply && applies ? OpenCluster : null,
            RollBackFailures = rollBackFailures,
        };
        var report = await executor.RunAsync(first => prepare(first, executor));
        if (Output == OutputFormat.Json) Context.Results.WriteLine(ReleaseReportRenderer.Json(report));
        else foreach (var line in ReleaseReportRenderer.Table(report)) Context.Results.WriteLine(line);
        if (Context.Host.IsCi) WriteReportForCi(report);
        if (report.AnyFailed)
        {
            throw new BuildFailure($"{report.Results.Count(r => r.Status == WorkloadStatus.Failed)} workload(s) failed: " +
                string.Join("; ", report.Results.Where(r => r.Status == WorkloadStatus.Failed).Select(r => $"{r.Workload}: {r.Reason}")));
        }
    }

    /// <summary>The environment (unknown: exit 2) and its workloads, from one snapshot; refuses to apply a kustomize folder.</summary>
    private (EnvironmentConfig Environment, EnvironmentScan Scan) Read(ConfigSnapshot snapshot, string? name = null, bool applied = true)
    {
        name ??= Environment!;
        var configText = snapshot.ReadText(PipelinesConfig.FileName)
            ?? throw new BuildFailure($"{ConfigRepo} has no {PipelinesConfig.FileName} at {snapshot.Commit?[..7] ?? "its branch (it is empty)"}; see docs/manifests.md for its format.");
        var config = PipelinesConfig.Parse(configText);
        var environment = config.Environments.FirstOrDefault(e => e.Name == name)
            ?? throw new UsageException($"--environment {name}: no such environment in {PipelinesConfig.FileName}; environments: {string.Join(", ", config.Environments.Select(e => e.Name))}.");
        var scan = EnvironmentScan.Read(snapshot, environment);
        foreach (var warning in scan.Warnings) Log.Warn(warning);
        if (applied && Apply && !DryRun && scan.KustomizeImages.Count > 0)
        {
            throw new UsageException($"{environment.Path} is rendered by kustomize (it has a kustomization.yaml), so it cannot be applied directly. " +
                "Pass --apply false and let the GitOps agent (Argo CD, Flux) render and apply it.");
        }
        return (environment, scan);
    }

    private RegistryLookup Registry() => new(new RegistryOptions
    {
        Username = RegistryUsername,
        Password = RegistryPassword,
        Platform = Platform,
        InsecureRegistries = InsecureRegistries,
    }, Log);
}
