using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    public Target Rollback => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Rollback -e production -s carts", "back to the images before the last release")
        .Example("./build.sh Rollback -e production -s carts --to rel-3f2a9c1")
        .Description("Sets a workload back to the images before its last release (or --to an image or rel-id), from history: no CI, no rebuild. Sticky: automation will not re-release the image rolled back from. A locked workload needs --force.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Requires(() => Workloads.Service)
        .Executes(async () =>
        {
            if (Workloads.Service is not [var service]) throw new UsageException("Rollback returns one workload to an earlier release; give one --service.");
            await PrintReportAsync(await Operations().RollbackAsync(OperationOptions(), service, Request.To, Change.Force));
        });
}
