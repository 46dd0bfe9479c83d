using Pipelines.Targets.Definitions;
using Pipelines.Targets.Parameters;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Output;

/// <summary>
/// <c>&lt;target&gt; --help</c>: what one target does, its examples, and every parameter it takes — the required ones
/// first — with the environment variables that also give them and their defaults. A target takes the parameters of the
/// set that declares it (its own, its base classes' and its components').
/// </summary>
internal static class TargetHelpText
{
    public static IEnumerable<string> Render(string toolName, TargetNode target, IReadOnlyList<ParameterDefinition> parameters, Palette palette, int width)
    {
        var definition = target.Definition;
        yield return $"Usage: {toolName} {target.Name} [--parameter value ...]";
        yield return "";
        foreach (var line in HelpColumns.Paragraph(target.Description ?? "(no description)", width)) yield return line;
        var facts = new List<string>();
        if (target.DependsOn.Count > 0) facts.Add("runs first: " + string.Join(", ", target.DependsOn));
        if (target.Triggers.Count > 0) facts.Add("then runs: " + string.Join(", ", target.Triggers));
        if (facts.Count > 0) foreach (var line in HelpColumns.Paragraph(string.Join(" · ", facts), width)) yield return palette.Dim(line);

        if (definition is { Examples.Count: > 0 })
        {
            yield return "";
            yield return palette.Bold("Examples:");
            foreach (var example in definition.Examples)
            {
                if (example.Explanation is { } explanation) foreach (var line in HelpColumns.Paragraph("# " + explanation, width, 2)) yield return palette.Dim(line);
                yield return "  " + example.CommandLine;
            }
        }

        var own = definition is null ? [] : parameters.Where(p => p.Owners.Contains(definition.Owner)).ToList();
        var requiredNames = (definition?.RequiredParameters ?? []).Select(TargetDefinition.MemberNameOf).ToHashSet(StringComparer.Ordinal);
        var required = own.Where(p => requiredNames.Contains(p.MemberName)).ToList();
        var optional = own.Except(required).ToList();
        var requiredRows = HelpText.ParameterRows(required, own);
        var optionalRows = HelpText.ParameterRows(optional, own);
        var leftWidth = requiredRows.Concat(optionalRows).Select(r => r.Left.Length).DefaultIfEmpty(0).Max() + 2;
        if (required.Count > 0)
        {
            yield return "";
            yield return palette.Bold("Required:");
            foreach (var line in HelpColumns.Render(requiredRows, width, palette.Cyan, leftWidth)) yield return line;
        }
        if (optional.Count > 0)
        {
            yield return "";
            yield return palette.Bold("Parameters:");
            foreach (var line in HelpColumns.Render(optionalRows, width, palette.Cyan, leftWidth)) yield return line;
        }
        yield return "";
        foreach (var line in HelpColumns.Paragraph($"Options of every run (--skip, --plan, --verbosity, --profile, --root, --no-logo, --): {toolName} --help.", width))
        {
            yield return palette.Dim(line);
        }
    }
}
