using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Output;

/// <summary><c>--plan</c>: the targets in execution order, and a Mermaid graph of the whole build as HTML.</summary>
internal static class PlanText
{
    public static IEnumerable<string> Render(IReadOnlyList<TargetNode> plan, IReadOnlyCollection<string> invoked, IReadOnlyCollection<string> skipped, Palette palette)
    {
        yield return palette.Bold("Plan") + $" for {string.Join(" ", invoked)}:";
        for (var i = 0; i < plan.Count; i++)
        {
            var target = plan[i];
            var notes = new List<string>();
            if (invoked.Contains(target.Name)) notes.Add("invoked");
            if (skipped.Contains(target.Name)) notes.Add("skipped");
            if (target.DependsOn.Count > 0) notes.Add("after " + string.Join(", ", target.DependsOn));
            yield return $"  {i + 1}. {target.Name}" + (notes.Count > 0 ? palette.Dim($"  ({string.Join("; ", notes)})") : "");
        }
    }

    public static string Html(IReadOnlyList<TargetNode> targets, IReadOnlyCollection<string> planned, IReadOnlyCollection<string> invoked)
    {
        var lines = new List<string> { "graph TD" };
        foreach (var target in targets)
        {
            lines.Add($"  {target.Name}[\"{target.Name}\"]");
            lines.AddRange(target.DependsOn.Select(d => $"  {d} --> {target.Name}"));
            lines.AddRange(target.Triggers.Select(t => $"  {target.Name} -. triggers .-> {t}"));
            lines.AddRange(target.After.Select(a => $"  {a} -. before .-> {target.Name}"));
            lines.AddRange(target.Before.Select(b => $"  {target.Name} -. before .-> {b}"));
        }
        lines.Add("  classDef planned fill:#d6ecff,stroke:#1f6feb");
        lines.Add("  classDef invoked fill:#1f6feb,color:#fff,stroke:#0b3d91");
        if (planned.Except(invoked).Any()) lines.Add($"  class {string.Join(',', planned.Except(invoked))} planned");
        if (invoked.Count > 0) lines.Add($"  class {string.Join(',', invoked)} invoked");
        var graph = System.Net.WebUtility.HtmlEncode(string.Join('\n', lines));
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Execution plan</title>
            <script type="module">
              import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs";
              mermaid.initialize({ startOnLoad: true });
            </script>
            </head>
            <body>
            <h1>Execution plan</h1>
            <p>Dark: invoked; light: planned; solid arrows: DependsOn; dotted: Triggers, Before, After.</p>
            <pre class="mermaid">
            {{graph}}
            </pre>
            </body>
            </html>

            """;
    }
}
