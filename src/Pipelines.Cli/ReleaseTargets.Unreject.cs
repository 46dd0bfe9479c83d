using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    public Target Unreject => _ => _
        .Description("V3: lets automation release an image a rollback rejected (--image repo:tag) again in --environment; recorded as a commit of trailers.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Requires(() => Image)
        .Executes(async () => await PrintReportAsync(await Operations().UnrejectAsync(OperationOptions(), Image!)));
}
