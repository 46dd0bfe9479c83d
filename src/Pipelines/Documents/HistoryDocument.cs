namespace Pipelines.Documents;

/// <summary>History: the tool's commits in the config repo, newest first.</summary>
public sealed record HistoryDocument(IReadOnlyList<HistoryItemJson> Items) : ResultList<HistoryItemJson>(Items)
{
    public override string Kind => "History";
}

/// <param name="Action"><c>release</c>, <c>rollback</c>, <c>promote</c>, <c>lock</c>… or <c>untrusted</c>.</param>
/// <param name="Status"><c>committed</c>; <c>rolled-back</c> when a later rollback undid it; <c>untrusted</c> when its trailers
/// claim changes its diff does not make (see <c>untrusted</c> for why).</param>
/// <param name="User">The commit's author; <c>cause</c> says on whose behalf (the Pipelines-Cause trailer).</param>
/// <param name="Time">The commit time, UTC.</param>
public sealed record HistoryItemJson(
    string Release,
    [property: OneOf(OneOfAttribute.Lists.ReleaseActionsOrUntrusted)] string Action,
    [property: OneOf("committed", "rolled-back", "untrusted")] string Status,
    string? Untrusted,
    string Environment,
    IReadOnlyList<ContainerChangeJson> Changes,
    IReadOnlyList<string> Workloads,
    IReadOnlyList<string> Unrejected,
    string? Message,
    string Cause,
    UserJson? User,
    string Commit,
    DateTime Time,
    string? RollbackOf);

/// <summary>A person or machine as git names it.</summary>
public sealed record UserJson(string Name, string Email);
