using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Tests.Releases;

/// <summary>The release report as people read it (issue 24): what changed and what failed first, the routine skips summed up
/// in one line, and how long it took.</summary>
public sealed class ReleaseReportTextTests
{
    private static WorkloadResult Skipped(string name, string reason) => new(name, WorkloadStatus.Skipped, reason, []);

    private static WorkloadResult Changed(string name, WorkloadStatus status, string? reason = null) =>
        new(name, status, reason, [new ContainerChange(name, "app", $"registry.example.com/{name}:1.0.0", $"registry.example.com/{name}:1.1.0")]);

    private static readonly ReleaseReport Report = new("rel-1", "staging", "0123456789abcdef", true,
    [
        Skipped("a", SkipReason.UpToDate),
        Skipped("b", SkipReason.NotAutomated),
        Changed("c", WorkloadStatus.Success),
        Skipped("d", SkipReason.UpToDate),
        Skipped("e", SkipReason.Locked("alice", "PCI audit")),
        Changed("f", WorkloadStatus.Failed, "rollout failed: ImagePullBackOff"),
        Skipped("g", SkipReason.NotIncluded),
    ]) { Branch = "main" };

    [Fact]
    public void Failures_then_changes_then_skips_worth_reading_and_the_routine_ones_summed_up()
    {
        var lines = ReleaseReportRenderer.Table(Report, TimeSpan.FromMilliseconds(2345)).ToList();
        var rows = lines.SkipWhile(l => !l.StartsWith("WORKLOAD", StringComparison.Ordinal)).Skip(1).Where(l => !l.StartsWith(' ')).ToList();
        Assert.Equal(["f", "c", "e"], rows.TakeWhile(l => !l.StartsWith("Unchanged", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
        Assert.Contains("Unchanged: 2 up to date, 1 not automated, 1 not included (--output json lists each).", lines);
        Assert.Equal("Took 2.3 s", lines[^1]);
    }

    [Fact]
    public void Image_references_are_compact_and_wide_shows_them_whole_with_every_row()
    {
        var text = string.Join("\n", ReleaseReportRenderer.Table(Report));
        Assert.Contains("c:1.0.0 -> c:1.1.0", text);   // the registry every row shares is dropped
        Assert.DoesNotContain("registry.example.com", text);

        var wide = ReleaseReportRenderer.Table(Report, output: Pipelines.Reporting.OutputFormat.Wide).ToList();
        Assert.Contains(wide, line => line.Contains("registry.example.com/c:1.0.0 -> registry.example.com/c:1.1.0", StringComparison.Ordinal));
        Assert.Contains(wide, line => line.StartsWith("a ", StringComparison.Ordinal) && line.Contains("up to date", StringComparison.Ordinal));
        Assert.DoesNotContain(wide, line => line.StartsWith("Unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_duration_the_report_ends_with_its_rows()
    {
        Assert.DoesNotContain(ReleaseReportRenderer.Table(Report).ToList(), line => line.StartsWith("Took", StringComparison.Ordinal));
    }
}
