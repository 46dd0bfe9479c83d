using Cronos;

namespace Pipelines.Config;

/// <summary>
/// One window of an environment's <c>windows:</c> — <c>{ allow: "Mon-Thu 09:00-16:00", timeZone: Europe/London }</c> or
/// <c>deny:</c> — as a start schedule (a cron expression, so that Cronos does the calendar and daylight-saving arithmetic)
/// and a duration. A window holds from each start until the duration has passed, the end excluded.
/// </summary>
/// <param name="Allow">True for <c>allow:</c>, false for <c>deny:</c>.</param>
/// <param name="Spec">The window as written (<c>Mon-Thu 09:00-16:00</c>), for messages.</param>
public sealed record ReleaseWindow(bool Allow, string Spec, TimeZoneInfo Zone, CronExpression Starts, TimeSpan Duration)
{
    /// <summary>Whether <paramref name="at"/> falls inside: some start at or before it, less than the duration before.</summary>
    public bool Contains(DateTimeOffset at) => Starts.GetNextOccurrence(at - Duration, Zone, inclusive: false) is { } start && start <= at;

    /// <summary>The starts after <paramref name="after"/> (at most <paramref name="count"/>).</summary>
    public IEnumerable<DateTimeOffset> StartsAfter(DateTimeOffset after, int count)
    {
        var from = after;
        for (var i = 0; i < count && Starts.GetNextOccurrence(from, Zone, inclusive: false) is { } next; i++)
        {
            yield return next;
            from = next;
        }
    }

    public override string ToString() => $"{(Allow ? "allow" : "deny")} {Spec} {Zone.Id}";
}
