using System.Reflection;
using System.Text.RegularExpressions;
using Pipelines.Cli;
using Pipelines.Server;
using Pipelines.Targets;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>Every string parameter of every product target refuses a newline and a NUL before anything runs: exit 2
/// naming the parameter (a newline in a value that reaches a commit message could forge a trailer).</summary>
public sealed partial class EveryParameterTests : IDisposable
{
    private readonly TargetHarness _targets = new();

    public void Dispose() => _targets.Dispose();

    /// <summary>The target sets of the packaged tool, in its order.</summary>
    private static TargetSet[] Sets() => global::Pipelines.Cli.ProductTargets.All();

    public static TheoryData<string> Targets() =>
        new(Sets().SelectMany(set => set.GetType().GetProperties().Where(p => p.PropertyType == typeof(Target)).Select(p => p.Name)).Distinct());

    // The set's parameters are the properties of the components it implements (and any of its own).
    private static IEnumerable<(string Name, bool Secret)> StringParameters(string target)
    {
        var type = Sets().First(set => set.GetType().GetProperty(target, typeof(Target)) is not null).GetType();
        return type.GetInterfaces().Prepend(type)
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null && (p.PropertyType == typeof(string) || p.PropertyType == typeof(string[])))
            .Select(p => (Kebab(p.Name), p.GetCustomAttribute<SecretAttribute>() is not null));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_string_parameter_of_the_target_refuses_a_newline_and_a_nul_with_exit_2_naming_it(string target)
    {
        var parameters = StringParameters(target).ToList();
        Assert.NotEmpty(parameters);
        var wrong = new List<string>();
        foreach (var (name, secret) in parameters)
        {
            foreach (var (value, what) in new[] { ("one\ntwo", "a newline"), ("one\0two", "a NUL character") })
            {
                var (exitCode, stdout, stderr) = await _targets.RunAsync([target, "--no-logo", $"--{name}", value], Sets());
                var named = $"--{name}: {(secret ? "the given value" : "'one")}";
                if (exitCode != 2 || !stderr.Contains(named, StringComparison.Ordinal) || !stderr.Contains($"holds {what}", StringComparison.Ordinal) || stdout.Length > 0)
                {
                    wrong.Add($"{target} --{name} {what}: exit {exitCode}, {stderr.Trim()}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Kebab(string name) => Capitals().Replace(name, m => (m.Index > 0 ? "-" : "") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex Capitals();
}
