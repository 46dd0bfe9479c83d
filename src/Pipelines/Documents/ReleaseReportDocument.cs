namespace Pipelines.Documents;

/// <summary>
/// What a release, rollback, promotion, policy change or sync did: the CLI's <c>--output json</c>, the Watch API's answer to an
/// action, and what the console shows all print this one shape.
/// </summary>
/// <param name="Release">The release id (<c>rel-…</c>), the same in the commit's trailers and in History.</param>
/// <param name="Action"><c>release</c>, <c>rollback</c>, <c>promote</c>, <c>lock</c>, <c>sync</c>…</param>
/// <param name="Commit">The commit made, or null when nothing needed one.</param>
/// <param name="Pushed">Whether the commit reached the remote.</param>
/// <param name="Branch">The branch pushed to (the config branch, or <c>--push-branch</c>).</param>
public sealed record ReleaseReportDocument(
    string Release,
    [property: OneOf(OneOfAttribute.Lists.ReleaseActions)] string Action,
    string Environment,
    string? Commit,
    bool Pushed,
    string? Branch,
    bool DryRun,
    IReadOnlyList<StepJson> Steps,
    IReadOnlyList<WorkloadResultJson> Results,
    IReadOnlyList<ObjectResultJson>? Objects) : ResultDocument
{
    public override string Kind => "ReleaseReport";
}

/// <param name="Status"><c>success</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Reason">Why it failed or was skipped; null on success.</param>
public sealed record WorkloadResultJson(string Workload, [property: OneOf("success", "failed", "skipped")] string Status, string? Reason, IReadOnlyList<ContainerChangeJson> Changes);

/// <summary>One container's image from → to; <c>workload</c> only where the change is not already under its workload.</summary>
public sealed record ContainerChangeJson(string? Workload, string Container, string From, string To);

/// <summary>An object Sync applied or pruned: <c>action</c> is what happened to it (<c>created</c>, <c>configured</c>, <c>unchanged</c>, <c>pruned</c>…).</summary>
public sealed record ObjectResultJson(string Object, string? Namespace, string Action);
