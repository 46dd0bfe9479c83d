using Pipelines.Targets.Parameters;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Output;

/// <summary>
/// <c>--help</c>: the targets under their stage's heading (default marked, direct dependencies, description), the common
/// parameters (<see cref="ParameterAttribute.Common"/>; all of them when a build marks none) and the runner's own options,
/// wrapped to the terminal. A target's own help is <see cref="TargetHelpText"/>.
/// </summary>
internal static class HelpText
{
    public const string OtherTargets = "Other targets";

    public static IEnumerable<string> Render(string toolName, IReadOnlyList<TargetNode> targets, string? defaultTarget,
        IReadOnlyList<ParameterDefinition> parameters, string settingsFolder, Palette palette, int width, IReadOnlyList<string>? groupOrder = null)
    {
        groupOrder ??= [];
        yield return $"Usage: {toolName} [targets] [--parameter value ...]";
        yield return $"       {toolName} <target> --help   that target's parameters and examples";
        var groups = targets.GroupBy(t => t.Definition?.GroupHeading ?? OtherTargets)
            .OrderBy(g => g.Key == OtherTargets).ThenBy(g => groupOrder.Contains(g.Key) ? groupOrder.ToList().IndexOf(g.Key) : groupOrder.Count).ToList();
        var labels = targets.ToDictionary(t => t.Name, t => Label(t, defaultTarget));
        var labelWidth = labels.Values.Select(l => l.Length).DefaultIfEmpty(0).Max() + 2;
        var lefts = targets.ToDictionary(t => t.Name, t => labels[t.Name].PadRight(labelWidth) + (t.DependsOn.Count > 0 ? "-> " + string.Join(", ", t.DependsOn) : ""));
        var leftWidth = lefts.Values.Select(l => l.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var group in groups)
        {
            yield return "";
            var heading = groups.Count == 1 && group.Key == OtherTargets ? "Targets" : group.Key;
            yield return palette.Bold(heading) + (group.Any(t => t.DependsOn.Count > 0) ? " (-> direct dependencies):" : ":");
            foreach (var line in HelpColumns.Render(group.Select(t => (lefts[t.Name], t.Description ?? "")).ToList(), width, palette.Cyan, leftWidth)) yield return line;
        }

        var shown = parameters.Any(p => p.IsCommon) ? parameters.Where(p => p.IsCommon).ToList() : parameters.ToList();
        yield return "";
        yield return palette.Bold(shown.Count < parameters.Count ? "Common parameters:" : "Parameters:");
        foreach (var line in HelpColumns.Paragraph($"Each also from PIPELINES_<NAME> variables, --profile files and {settingsFolder}/parameters.json.", width, 2))
        {
            yield return palette.Dim(line);
        }
        foreach (var line in HelpColumns.Render(ParameterRows(shown), width, palette.Cyan)) yield return line;
        if (shown.Count < parameters.Count)
        {
            foreach (var line in HelpColumns.Paragraph($"{parameters.Count - shown.Count} more: {toolName} <target> --help lists every parameter a target takes.", width, 2))
            {
                yield return line;
            }
        }

        yield return "";
        yield return palette.Bold("Options:");
        foreach (var line in HelpColumns.Render(BuiltIns, width, palette.Cyan)) yield return line;
    }

    /// <summary>One row per parameter, sorted by name: <c>-o, --output &lt;text|json&gt;</c> and what it does, where its value
    /// may also come from, and its default.</summary>
    /// <param name="alignWith">Leave room for short names when any of these has one (default: the parameters listed).</param>
    public static List<(string Left, string Right)> ParameterRows(IEnumerable<ParameterDefinition> parameters, IEnumerable<ParameterDefinition>? alignWith = null)
    {
        var list = parameters.OrderBy(p => p.CommandLineName, StringComparer.Ordinal).ToList();
        var anyShort = (alignWith ?? list).Any(p => p.ShortName is not null);
        return list.Select(p => (
            (p.ShortName is { } c ? $"-{c}, " : anyShort ? "    " : "") + $"--{p.CommandLineName} {p.ValueHint()}",
            Describe(p))).ToList();
    }

    private static string Label(TargetNode target, string? defaultTarget) => target.Name + (target.Name == defaultTarget ? " (default)" : "");

    private static string Describe(ParameterDefinition parameter)
    {
        var text = parameter.Description;
        var variables = parameter.ExtraEnvironmentVariables.Prepend(parameter.EnvironmentVariable);
        text += $" [env: {string.Join(", ", variables)}]";
        if (parameter.IsSecret) return text + " (secret: masked in all output)";
        var fallback = DefaultText(parameter.Value);
        return fallback is null ? text : $"{text} (default: {fallback})";
    }

    private static string? DefaultText(object? value) => value switch
    {
        null => null,
        string s when s.Length == 0 => null,
        string[] { Length: 0 } => null,
        string[] array => string.Join(' ', array),
        bool b => b ? "true" : "false",
        TimeSpan span => ValueConverter.FormatDuration(span),
        Enum e => Naming.ToKebabCase(e.ToString()),
        _ => value.ToString(),
    };

    public static readonly IReadOnlyList<(string Left, string Right)> BuiltIns =
    [
        ("--target <targets...>", "Targets to run (or give them first, before any --option)."),
        ("--skip [targets...]", "Skip these targets; with no names, skip everything not invoked."),
        ("--plan", "Print the plan, and write it as a Mermaid graph to temp/execution-plan.html in the settings folder."),
        ("--verbosity <quiet|minimal|normal|verbose>", "How much to log (default: normal)."),
        ("--profile <names...>", "Also read parameters.<name>.json; later profiles win."),
        ("--root <dir>", "The repository root (default: the nearest folder upward holding the settings folder)."),
        ("--no-logo", "Do not print the logo."),
        ("--generate-configuration <ci>", "gitlab, jenkins or circleci: write .gitlab-ci.yml, Jenkinsfile or .circleci/config.yml at the root, " +
            "running the targets named first (or --invoked-targets), with their required and given parameters as PIPELINES_<NAME> variables " +
            "and their secrets bound from the CI system's secret store. A file that differs is kept unless --overwrite."),
        ("--invoked-targets <targets...>", "The targets the generated CI file runs (with --generate-configuration)."),
        ("--overwrite", "Replace a differing CI file (with --generate-configuration)."),
        ("--", "Every word after it is a value, even one starting with a dash: --message -- \"--urgent fix\" (or --message=--urgent)."),
        ("--version", "Print the version."),
        ("--help, -h", "This text; after a target, that target's help."),
    ];
}
