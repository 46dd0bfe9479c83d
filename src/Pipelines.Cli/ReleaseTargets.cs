using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Cli;

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

    [Parameter("Rollback: the image or release id (rel-…) to return to (default: before the release that set what runs now).")]
    public string? To { get; set; }

    [Parameter("Promote: the environment to promote from (default: its promoteFrom in pipelines.yaml).")]
    public string? From { get; set; }

    [Parameter("Only tags passing this filter: glob:<pattern>, regex:<pattern> or semver:<range>.")]
    public string? TagFilter { get; set; }

    public Target Release => _ => _
        .Description("V3: releases images (--image or --update-all-images) to workloads (--service … or --all, or --automated) as one commit; pushes, applies, waits.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Executes(async () => await PrintReportAsync(await Operations().ReleaseAsync(OperationOptions(Automated ? Caller.Automation(Context.Host.BuildUrl) : null),
            new ReleaseRequest(Service, All, Exclude, Image, UpdateAllImages, Container, Force, Automated))));
}
