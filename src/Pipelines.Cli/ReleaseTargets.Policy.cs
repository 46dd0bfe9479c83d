using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Cli;

public sealed partial class ReleaseTargets
{
    // "new": the target Lock hides the --lock parameter's property (LockKind) of ConfigRepoParameters in C# only;
    // the runner finds parameters and targets by type, and OpenLock still reads the parameter.
    public new Target Lock => _ => _
        .Description("V3: locks workloads: releases skip them, saying who locked them and why (--message), until Unlock.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service).Requires(() => Message)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Lock)));

    public Target Unlock => _ => _
        .Description("V3: unlocks workloads, so that releases and automation change them again.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Unlock)));

    public Target Automate => _ => _
        .Description("V3: lets automation release new images to workloads (pipelines/automated: \"true\").")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Automate)));

    public Target Deautomate => _ => _
        .Description("V3: stops automation releasing to workloads (pipelines/automated: \"false\"); Release still can.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Deautomate)));

    public Target Policy => _ => _
        .Description("V3: sets which tags automation may release to a container: --tag-filter semver:~1.2 | glob:master-* | regex:^v\\d+$.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service).Requires(() => TagFilter)
        .Executes(() => PolicyAsync(new PolicyChange(ReleaseAction.Policy, Container, TagFilter)));

    private async Task PolicyAsync(PolicyChange change) => await PrintReportAsync(await Operations().ChangePolicyAsync(OperationOptions(), change, Service));
}
