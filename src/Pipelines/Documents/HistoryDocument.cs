using Pipelines.Releases;

namespace Pipelines.Documents;

/// <summary>History: the tool's commits in the config repo, newest first.</summary>
public sealed record HistoryDocument(IReadOnlyList<HistoryItemJson> Items) : ResultList<HistoryItemJson>(Items)
{
    public override string Kind => "History";

    public static HistoryDocument Of(IReadOnlyList<HistoryEntry> entries)
    {
        // A release is rolled back when a later entry (earlier in the list: newest first) names it in Pipelines-Rollback-Of.
        var rolledBack = entries.Select(e => e.RollbackOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new(entries.Select(e => HistoryItemJson.Of(e, rolledBack.Contains(e.Release))).ToList());
    }
}

/// <param name="Action"><c>release</c>, <c>rollback</c>, <c>promote</c>, <c>lock</c>… or <c>untrusted</c>.</param>
/// <param name="Status"><c>committed</c>; <c>rolled-back</c> when a later rollback undid it; <c>untrusted</c> when its trailers
/// claim changes its diff does not make (see <c>untrusted</c> for why).</param>
/// <param name="User">The commit's author; <c>cause</c> says on whose behalf (the Pipelines-Cause trailer).</param>
/// <param name="Time">The commit time, UTC.</param>
public sealed record HistoryItemJson(
    string Release,
    [property: OneOf(typeof(ReleaseAction), "untrusted")] string Action,
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
    string? RollbackOf)
{
    public static HistoryItemJson Of(HistoryEntry entry, bool rolledBack) => new(
        entry.Release,
        entry.ActionText,
        entry.Untrusted is not null ? "untrusted" : rolledBack ? "rolled-back" : "committed",
        entry.Untrusted,
        entry.Environment,
        entry.Changes.Select(c => ContainerChangeJson.Of(c, withWorkload: true)).ToList(),
        entry.Workloads,
        entry.Unrejected,
        entry.Message,
        entry.Cause,
        entry.Author is { } author ? new UserJson(author.Name, author.Email) : null,
        entry.Commit,
        // Git keeps seconds: no fraction to print.
        new DateTime(entry.Time.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc),
        entry.RollbackOf);
}

/// <summary>A person or machine as git names it.</summary>
public sealed record UserJson(string Name, string Email);
