using Pipelines.Targets.Parameters;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Output;

/// <summary><c>--help</c>: every target (default marked, direct dependencies, description) and every parameter.</summary>
internal static class HelpText
{
    public static IEnumerable<string> Render(string toolName, IReadOnlyList<TargetNode> targets, string? defaultTarget,
        IReadOnlyList<ParameterDefinition> parameters, string settingsFolder, Palette palette)
    {
        yield return $"Usage: {toolName} [targets] [--parameter value ...]";
        yield return "";
        yield return palette.Bold("Targets") + " (-> direct dependencies):";
        var names = targets.Select(t => (Target: t, Label: t.Name + (t.Name == defaultTarget ? " (default)" : ""))).ToList();
        var nameWidth = names.Select(n => n.Label.Length).DefaultIfEmpty(0).Max() + 2;
        var dependencyTexts = targets.ToDictionary(t => t.Name, t => t.DependsOn.Count > 0 ? "-> " + string.Join(", ", t.DependsOn) : "");
        var dependencyWidth = dependencyTexts.Values.Select(d => d.Length).DefaultIfEmpty(0).Max();
        dependencyWidth = dependencyWidth == 0 ? 0 : dependencyWidth + 2;
        foreach (var (target, label) in names)
        {
            yield return ("  " + palette.Cyan(label.PadRight(nameWidth)) + dependencyTexts[target.Name].PadRight(dependencyWidth) + (target.Description ?? "")).TrimEnd();
        }

        yield return "";
        yield return palette.Bold("Parameters") + $" (also PIPELINES_<NAME> variables, --profile files and {settingsFolder}/parameters.json):";
        var rows = parameters.OrderBy(p => p.CommandLineName, StringComparer.Ordinal).Select(p => (Left: $"--{p.CommandLineName} {p.ValueHint()}", Right: Describe(p))).ToList();
        rows.Add(("", ""));
        rows.AddRange(BuiltIns());
        var leftWidth = rows.Select(r => r.Left.Length).Max() + 2;
        foreach (var (left, right) in rows)
        {
            // An empty left column continues the description above it; an empty row separates groups.
            yield return left.Length == 0 && right.Length == 0 ? "" : ("  " + palette.Cyan(left.PadRight(leftWidth)) + right).TrimEnd();
        }
    }

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

    private static IEnumerable<(string, string)> BuiltIns() =>
    [
        ("--target <targets...>", "Targets to run (or give them first, before any --option)."),
        ("--skip [targets...]", "Skip these targets; with no names, skip everything not invoked."),
        ("--plan", "Print the plan and write it as a Mermaid graph to <settings>/temp/execution-plan.html."),
        ("--verbosity <quiet|minimal|normal|verbose>", "How much to log (default: normal)."),
        ("--profile <names...>", "Also read parameters.<name>.json; later profiles win."),
        ("--root <dir>", "The repository root (default: the nearest folder upward holding the settings folder)."),
        ("--no-logo", "Do not print the logo."),
        ("--generate-configuration <ci>", "gitlab, jenkins or circleci: write .gitlab-ci.yml, Jenkinsfile or .circleci/config.yml"),
        ("", "at the root, running the targets named first (or --invoked-targets), with their required"),
        ("", "and given parameters as PIPELINES_<NAME> variables and their secrets bound from the CI"),
        ("", "system's secret store. A file that differs is kept unless --overwrite."),
        ("--invoked-targets <targets...>", "The targets the generated CI file runs (with --generate-configuration)."),
        ("--overwrite", "Replace a differing CI file (with --generate-configuration)."),
        ("--help, -h", "This text."),
    ];
}
