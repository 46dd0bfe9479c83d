using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    // Not the parameter --lock (how releases are serialised, Config.Lock): targets are the class's properties, parameters the
    // components' (IConfigRepoParameters.Lock), so the two share the name Lock without one hiding the other.
    public Target Lock => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Lock -e production -s carts --message \"INC-142: hold until the fix\"")
        .Description("Locks workloads: releases skip them, saying who locked them and why (--message), until Unlock.")
        .Requires(() => Config.ConfigRepo).Requires(() => Workloads.Environment).Requires(() => Workloads.Service).Requires(() => Change.Message)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Lock)));

    public Target Unlock => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Unlock -e production -s carts")
        .Description("Unlocks workloads, so that releases and automation change them again.")
        .Requires(() => Config.ConfigRepo).Requires(() => Workloads.Environment).Requires(() => Workloads.Service)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Unlock)));

    public Target Automate => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Automate -e staging -s carts front-end")
        .Description("Lets automation release new images to workloads (pipelines/automated: \"true\").")
        .Requires(() => Config.ConfigRepo).Requires(() => Workloads.Environment).Requires(() => Workloads.Service)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Automate)));

    public Target Deautomate => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Deautomate -e production -s carts")
        .Description("Stops automation releasing to workloads (pipelines/automated: \"false\"); Release still can.")
        .Requires(() => Config.ConfigRepo).Requires(() => Workloads.Environment).Requires(() => Workloads.Service)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Deautomate)));

    public Target Policy => _ => _
        .Group(Stages.V3)
        .Example("./build.sh Policy -e staging -s carts --tag-filter semver:~1.4", "patch releases of 1.4 only")
        .Example("./build.sh Policy -e dev -s carts --tag-filter glob:main-*")
        .Description("Sets which tags automation may release to a container: --tag-filter semver:~1.2 | glob:master-* | regex:^v\\d+$.")
        .Requires(() => Config.ConfigRepo).Requires(() => Workloads.Environment).Requires(() => Workloads.Service).Requires(() => ((ITagFilterParameters)this).TagFilter)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Policy, Workloads.Container, ((ITagFilterParameters)this).TagFilter)));

    private async Task PolicyAsync(PolicyChange change) => await PrintReportAsync(await Operations().ChangePolicyAsync(OperationOptions(), change, Workloads.Service));
}
