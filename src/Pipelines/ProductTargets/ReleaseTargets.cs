using Pipelines.Notifications;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>
/// V3, the release manager: Release (and automation), Rollback, Promote, and the policy targets (Lock,
/// Unlock, Automate, Deautomate, Policy). Each target is a few lines: parameters in, one call of
/// <see cref="ReleaseOperations"/> (shared with the Watch service's API), the report out. One file per target family.
/// </summary>
public sealed partial class ReleaseTargets : ConfigRepoParameters
{
    [Parameter("Release: every workload of the environment (with --exclude to leave some out).")]
    public bool All { get; set; }

    [Parameter("Release: workloads to leave out.")]
    public string[] Exclude { get; set; } = [];

    [Parameter("Release: per container, the newest registry tag its tag filter allows.")]
    public bool UpdateAllImages { get; set; }

    [Parameter("Release: automation — every automated, unlocked workload gets its newest allowed images; a failed rollout is rolled back and rejected.")]
    public bool Automated { get; set; }

    [Parameter("Release, Rollback, Promote: change named workloads even when they are locked (Promote: even when the source's rollout is unhealthy).")]
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

    [Parameter("Post a notification of every release, rollback, promotion and lock here (repeatable): slack+https://… or a " +
        "hooks.slack.com URL gets Slack's payload, any other http(s) URL the generic JSON (docs/watch.md).")]
    [Secret]
    public string[] NotifyUrl { get; set; } = [];

    private Notifier? _notifier;

    public Target Release => _ => _
        .Description("V3: releases images (--image or --update-all-images) to workloads (--service … or --all, or --automated) as one commit; pushes, applies, waits.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Executes(async () => await PrintAsync(await Operations().ReleaseAsync(Options(Automated ? Caller.Automation(Context.Host.BuildUrl) : null),
            new ReleaseRequest(Service, All, Exclude, Image, UpdateAllImages, Container, Force, Automated))));

    /// <summary>The operations the Watch service's API runs too, reading and writing where these parameters say.</summary>
    private ReleaseOperations Operations() => new(new ReleaseManagerSettings
    {
        OpenRepository = OpenConfigRepository,
        OpenLock = OpenLock,
        OpenCluster = Apply ? OpenCluster : null,
        Registry = RegistryOptions,
        Notify = OpenNotifier().Post,
    }, Log);

    private Notifier OpenNotifier() => _notifier ??= new Notifier(NotifyUrl.Select(Notifications.NotifyUrl.Parse).ToList(), Log);

    private OperationOptions Options(Caller? caller = null) => new(Environment!) { Caller = caller, DryRun = DryRun, Message = Message };

    /// <summary>Prints the report (text or JSON), waits for its notifications (bounded by their retries); exit 1 when a workload failed.</summary>
    private async Task PrintAsync(ReleaseReport report)
    {
        if (Output == OutputFormat.Json) Context.Results.WriteLine(ReleaseReportRenderer.Json(report));
        else foreach (var line in ReleaseReportRenderer.Table(report)) Context.Results.WriteLine(line);
        if (Context.Host.IsCi) WriteReportForCi(report);
        if (_notifier is not null) await _notifier.DrainAsync();
        if (report.AnyFailed)
        {
            throw new BuildFailure($"{report.Results.Count(r => r.Status == WorkloadStatus.Failed)} workload(s) failed: " +
                string.Join("; ", report.Results.Where(r => r.Status == WorkloadStatus.Failed).Select(r => $"{r.Workload}: {r.Reason}")));
        }
    }

    /// <summary>On CI, the JSON report also goes to temp/reports/ (failed releases too), for the job to archive.</summary>
    private void WriteReportForCi(ReleaseReport report)
    {
        var folder = Path.Combine(Context.TempDirectory, "reports");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, report.Release + ".json");
        File.WriteAllText(file, ReleaseReportRenderer.Json(report) + "\n");
        Log.Info($"Report written to {file}.");
    }
}
