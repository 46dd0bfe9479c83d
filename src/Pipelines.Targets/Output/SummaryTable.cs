using Pipelines.Targets.Execution;

namespace Pipelines.Targets.Output;

/// <summary>The table printed at the end of every run: target, status (with the reason for a skip), duration.</summary>
internal static class SummaryTable
{
    public static IEnumerable<string> Render(IReadOnlyList<TargetOutcome> outcomes, Palette palette)
    {
        var rows = outcomes.Select(o => (o.Name, Text: StatusText(o), Duration: o.Status is TargetStatus.Succeeded or TargetStatus.Failed ? Format(o.Duration) : "", o.Status)).ToList();
        var total = Format(outcomes.Aggregate(TimeSpan.Zero, (sum, o) => sum + o.Duration));
        var nameWidth = Math.Max("Target".Length, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max()) + 3;
        var statusWidth = Math.Max("Status".Length, rows.Select(r => r.Text.Length).DefaultIfEmpty(0).Max()) + 3;
        var width = nameWidth + statusWidth + Math.Max("Duration".Length, total.Length);

        yield return new string('═', width);
        yield return palette.Bold("Target".PadRight(nameWidth) + "Status".PadRight(statusWidth) + "Duration");
        yield return new string('─', width);
        foreach (var row in rows)
        {
            var status = row.Duration.Length > 0 ? row.Text.PadRight(statusWidth) : row.Text;
            yield return row.Name.PadRight(nameWidth) + Colour(status, row.Status, palette) + row.Duration;
        }
        yield return new string('─', width);
        yield return "Total".PadRight(nameWidth + statusWidth) + total;
        yield return new string('═', width);
    }

    private static string StatusText(TargetOutcome outcome) => outcome.Status switch
    {
        TargetStatus.Skipped or TargetStatus.NotRun when outcome.Reason is not null => $"{outcome.Status}: {outcome.Reason}",
        _ => outcome.Status.ToString(),
    };

    private static string Colour(string text, TargetStatus status, Palette palette) => status switch
    {
        TargetStatus.Succeeded => palette.Green(text),
        TargetStatus.Failed => palette.Red(text),
        TargetStatus.NotRun => palette.Yellow(text),
        _ => palette.Dim(text),
    };

    /// <summary><c>0:03</c>, <c>1:02:03</c>; below a second, <c>&lt; 1s</c>, so quick targets read as quick.</summary>
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1) ? "< 1s"
        : duration.TotalHours >= 1 ? $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}"
        : $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";
}
