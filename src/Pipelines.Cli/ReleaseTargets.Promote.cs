using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    public Target Promote => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Promote -e production", "what staging (production's promoteFrom) runs, pinned by digest")
        .Example("./build.sh Promote -e production --from staging -s carts front-end --dry-run true")
        .Description("Releases to --environment what --from (default: its promoteFrom) runs, pinned as repo:tag@digest from the registry now, as one commit. Refuses workloads whose rollout in the source failed or is in progress, unless --force.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Executes(async () => await PrintReportAsync(await Operations().PromoteAsync(OperationOptions(), Request.From, Workloads.Service, Change.Force)));
}
