using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// V3, the release manager: Release (and automation), Rollback, Promote, and the policy targets (Lock,
/// Unlock, Automate, Deautomate, Policy). Each target is a few lines: parameters in, one call of
/// <see cref="ReleaseOperations"/> (shared with the Watch service's API), the report out. One file per target family.
/// </summary>
public sealed partial class ReleaseTargets : ProductTargetSet,
    IConfigRepoParameters, IWorkloadParameters, IImageParameters, IReleaseRequestParameters, ITagFilterParameters, IChangeParameters, IClusterParameters,
    IRegistryParameters, INotificationParameters, IOutputParameters, IDeadlineParameters
{
    private IConfigRepoParameters Config => this;
    private IWorkloadParameters Workloads => this;
    private IImageParameters Images => this;
    private IReleaseRequestParameters Request => this;
    private IChangeParameters Change => this;

    public Target Release => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Release -e staging -s carts --image registry.example.com/shop/carts:1.4.2", "PIPELINES_CONFIG_REPO names the config repo")
        .Example("./build.sh Release -e staging --all --update-all-images", "every workload to its newest allowed image, in one commit")
        .Example("./build.sh Release -e production --automated -o json", "what automation does: automated workloads only")
        .Description("Releases images (--image or --update-all-images) to workloads (--service … or --all, or --automated) as one commit; pushes, applies, waits.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Executes(async () => await PrintReportAsync(await Operations().ReleaseAsync(OperationOptions(Request.Automated ? Caller.Automation(Context.Host.BuildUrl) : null),
            new ReleaseRequest(Workloads.Service, Request.All, Request.Exclude, Images.Image, Request.UpdateAllImages, Workloads.Container, Change.Force, Request.Automated))));
}
