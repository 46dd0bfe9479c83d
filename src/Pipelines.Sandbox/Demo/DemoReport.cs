using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Demo;

/// <summary>One step of the demo: what it claimed, whether the check agreed, how long it took.</summary>
public sealed record DemoStep(string Stage, string Title, bool Ok, string Outcome, TimeSpan Duration);

/// <summary>The steps so far, and the closing summary: every step with its result and time.</summary>
public sealed class DemoReport(Log log)
{
    private readonly List<DemoStep> _steps = [];

    public IReadOnlyList<DemoStep> Steps => _steps;

    public bool AllOk => _steps.All(s => s.Ok);

    public void Add(DemoStep step)
    {
        _steps.Add(step);
        if (step.Ok) log.Success($"  ✓ {step.Outcome} ({Seconds(step.Duration)})");
        else log.Error($"  ✗ {step.Outcome} ({Seconds(step.Duration)})");
    }

    public IEnumerable<string> Summary()
    {
        var rows = _steps.Select(step => new[] { $"{(step.Ok ? "✓" : "✗")} {step.Stage}", step.Title, Seconds(step.Duration), step.Outcome }).ToList();
        return TextTable.Format(rows, new TextTable.Column(), new TextTable.Column(), new TextTable.Column(MinWidth: 7, AlignRight: true));
    }

    public static string Seconds(TimeSpan duration) => $"{duration.TotalSeconds:0.0} s";
}
