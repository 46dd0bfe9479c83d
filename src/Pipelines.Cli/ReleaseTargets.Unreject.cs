using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    public Target Unreject => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Unreject -e production --image registry.example.com/shop/carts:1.4.3")
        .Description("Lets automation release an image a rollback rejected (--image repo:tag) again in --environment; recorded as a commit of trailers.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Requires(() => Images.Image)
        .Executes(async () => await PrintReportAsync(await Operations().UnrejectAsync(OperationOptions(), Images.Image!)));
}
