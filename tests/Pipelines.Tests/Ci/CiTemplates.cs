using System.Text.RegularExpressions;
using Pipelines.Tests.ProductTargets;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Tests.Ci;

/// <summary>The CI templates under examples/ci/, read as their CI systems read them.</summary>
internal static partial class CiTemplates
{
    public static readonly string[] Stages = ["v1", "v2", "v3"];

    public static string PathOf(string stage, string file) => Path.Combine(BuiltCli.RepositoryRoot, "examples", "ci", stage, file);

    public static YamlMappingNode Yaml(string stage, string file) => YamlOf(PathOf(stage, file));

    /// <summary>A CI file read as YAML: exactly one document, a mapping.</summary>
    public static YamlMappingNode YamlOf(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>The bodies of the Jenkinsfile's <c>sh '''…'''</c> steps, in order (the commented-out job excluded).</summary>
    public static IReadOnlyList<string> JenkinsShellSteps(string stage) => JenkinsShellStepsOf(PathOf(stage, "Jenkinsfile"));

    public static IReadOnlyList<string> JenkinsShellStepsOf(string jenkinsfile)
    {
        var code = string.Join('\n', File.ReadAllLines(jenkinsfile).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        return [.. JenkinsSh().Matches(code).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The pipeline's <c>environment { NAME = 'value' }</c>, as Jenkins sets it for every step
    /// (single-quoted Groovy strings: only <c>\\</c> and <c>\'</c> are escapes).</summary>
    public static Dictionary<string, string> JenkinsEnvironmentOf(string jenkinsfile)
    {
        var code = File.ReadAllText(jenkinsfile);
        var block = JenkinsEnvironment().Match(code);
        return block.Success
            ? JenkinsAssignment().Matches(block.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => Regex.Replace(m.Groups[2].Value, @"\\(.)", "$1"))
            : [];
    }

    /// <summary>A CircleCI job's <c>environment</c>, as CircleCI sets it for every step.</summary>
    public static Dictionary<string, string> CircleCiEnvironmentOf(string configYml, string job) =>
        YamlOf(configYml).Get("jobs")!.Get(job)!.Get("environment") is YamlMappingNode environment
            ? environment.Children.ToDictionary(c => c.Key.Text()!, c => c.Value.Text()!)
            : [];

    /// <summary>The <c>run</c> commands of a CircleCI job, in order, with reusable commands expanded
    /// (<c>checkout</c> and other built-in steps are the CI system's own, so they are left out).</summary>
    public static IReadOnlyList<string> CircleCiShellSteps(string stage, string job) =>
        CircleCiShellStepsOf(PathOf(stage, Path.Combine(".circleci", "config.yml")), job);

    public static IReadOnlyList<string> CircleCiShellStepsOf(string configYml, string job)
    {
        var config = YamlOf(configYml);
        return [.. Steps((YamlSequenceNode)config.Get("jobs")!.Get(job)!.Get("steps")!, config)];
    }

    private static IEnumerable<string> Steps(YamlSequenceNode steps, YamlMappingNode config)
    {
        foreach (var step in steps)
        {
            if (step.Get("run") is { } run)
            {
                yield return run.Text() ?? run.Get("command").Text()!;
            }
            else if (step.Text() is { } name && config.Get("commands")?.Get(name) is { } command)
            {
                foreach (var inner in Steps((YamlSequenceNode)command.Get("steps")!, config)) yield return inner;
            }
        }
    }

    [GeneratedRegex("""\bsh\s+'''(.*?)'''""", RegexOptions.Singleline)]
    private static partial Regex JenkinsSh();

    [GeneratedRegex(@"^\s*environment\s*\{(.*?)^\s*\}", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex JenkinsEnvironment();

    [GeneratedRegex(@"^\s*([A-Z_][A-Z0-9_]*)\s*=\s*'((?:[^'\\]|\\.)*)'", RegexOptions.Multiline)]
    private static partial Regex JenkinsAssignment();
}
