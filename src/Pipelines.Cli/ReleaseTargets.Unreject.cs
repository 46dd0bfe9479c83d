using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    public Target Unreject => _ => _
        .Description("V3: lets automation release an image a rollback rejected (--image repo:tag) again in --environment; recorded as a commit of trailers.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Requires(() => Images.Image)
        .Executes(async () => await PrintReportAsync(await Operations().UnrejectAsync(OperationOptions(), Images.Image!)));
}
