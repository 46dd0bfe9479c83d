using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V2: the config repo as the single source of truth, and its history.</summary>
public sealed class ConfigRepoTargets : ProductTargetSet,
    IConfigRepoParameters, IClusterParameters, IRegistryParameters, IWorkloadParameters, IImageParameters, IChangeParameters, INotificationParameters,
    IListingParameters, IOutputParameters, IDeadlineParameters
{
    private IConfigRepoParameters Config => this;
    private IWorkloadParameters Workloads => this;
    private IImageParameters Images => this;
    private IChangeParameters Change => this;
    private IListingParameters Listing => this;

    public Target UpdateConfigRepo => _ => _
        .Group(Stages.V2)
        .Example("./build.sh BuildImage PushImage UpdateConfigRepo --config-repo git@git.example.com:platform/config.git -e staging -s carts", "the V2 job: build, push, record the image in git")
        .Example("./build.sh UpdateConfigRepo --config-repo ./config -e staging -s carts --image registry.example.com/shop/carts:1.4.2 --apply false")
        .Description("Sets a container's image in an environment of the config repo under the global lock, commits, pushes, applies it and waits for the rollout. A locked workload fails the job unless --force.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Requires(() => Workloads.Service)
        .Executes(async () =>
        {
            var image = Images.Image ?? Docker.PushedImage.Read(Context.TempDirectory)?.Reference
                ?? throw new UsageException("--image is required (or run PushImage first in the same job: it writes .nuke/temp/image.json, which UpdateConfigRepo reads).");
            if (Images.Image is null) Log.Info($"Releasing the image PushImage pushed: {image}.");
            if (Workloads.Service is not [var service]) throw new UsageException("UpdateConfigRepo sets the image of one workload; give one --service (Release takes several).");
            await PrintReportAsync(await Operations().UpdateConfigRepoAsync(OperationOptions(), service, Workloads.Container, image, Change.Force));
        });

    public Target History => _ => _
        .Group(Stages.Inspect)
        .Example("./build.sh History --config-repo git@git.example.com:platform/config.git -e production -s carts")
        .Example("./build.sh History --config-repo git@git.example.com:platform/config.git --limit 50 -o json")
        .Description("Lists the tool's commits (releases, rollbacks, locks…) newest first, read from their trailers.")
        .Requires(() => Config.ConfigRepo)
        .Executes(async () =>
        {
            var repository = OpenConfigRepository();
            var entries = await ConfigHistory.ReadAsync(repository.Cache, Config.ConfigBranch, Workloads.Environment,
                Workloads.Service.Length == 0 ? null : workload => Workloads.Service.Any(s => WorkloadName.Matches(workload, s)), Listing.Limit ?? 20);
            if (JsonOutput) Context.Results.WriteLine(HistoryReport.Json(entries));
            else foreach (var line in HistoryReport.Table(entries, Output, TableWidth)) Context.Results.WriteLine(line);
        });
}
