using Pipelines.Cli;
using Pipelines.Targets;

namespace Pipelines.Tests.ProductTargets;

/// <summary>The product's own targets as <c>--help</c> presents them (issue 24): each under its stage with examples, and its
/// own help naming what it requires.</summary>
public sealed class ProductHelpTests : IDisposable
{
    private readonly TargetHarness _targets = new();

    public void Dispose() => _targets.Dispose();

    private static TargetSet[] Sets() => global::Pipelines.Cli.ProductTargets.All();

    public static TheoryData<string> Targets() =>
        new(Sets().SelectMany(set => set.GetType().GetProperties().Where(p => p.PropertyType == typeof(Target)).Select(p => p.Name)).Distinct());

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Each_target_has_its_own_help_with_an_example_that_names_it(string target)
    {
        var (exitCode, stdout, stderr) = await _targets.RunAsync([target, "--help"], Sets());
        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith($"Usage: ./build.sh {target} [--parameter value ...]\n", stdout.Replace("\r\n", "\n"));
        Assert.Contains("Examples:", stdout);
        Assert.Contains($"./build.sh {target}", stdout[stdout.IndexOf("Examples:", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("Common parameters", stdout);   // not the global help
    }

    [Fact]
    public async Task Release_help_puts_what_it_requires_first_with_short_aliases()
    {
        _targets.Environment["COLUMNS"] = "200";
        var (_, stdout, _) = await _targets.RunAsync(["Release", "-h"], Sets());
        var required = stdout[stdout.IndexOf("Required:", StringComparison.Ordinal)..stdout.IndexOf("Parameters:", StringComparison.Ordinal)];
        Assert.Contains("--config-repo <string>", required);
        Assert.Contains("-e, --environment <string>", required);
        Assert.DoesNotContain("--service", required);
        Assert.Contains("-s, --service <string...>", stdout);
        Assert.Contains("--to <string>", stdout);   // Rollback's, but the set's: a target takes its set's parameters
    }

    [Fact]
    public async Task Watch_asked_for_json_is_refused_since_it_prints_no_result()
    {
        var (exitCode, stdout, stderr) = await _targets.RunAsync(["Watch", "--config-repo", "git://127.0.0.1:9/config.git", "-o", "json"], Sets());
        Assert.Equal(Runner.UsageError, exitCode);
        Assert.Contains("--output: Watch takes no --output", stderr);
        Assert.Contains("ListImages", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Global_help_lists_every_target_under_a_stage_and_only_the_common_parameters()
    {
        var (exitCode, stdout, _) = await _targets.RunAsync(["--help"], Sets());
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Other targets", stdout);
        foreach (var heading in new[] { Stages.V1, Stages.V2, Stages.V3, Stages.Inspect }) Assert.Contains(heading, stdout);
        Assert.Contains("-o, --output <text|json|wide>", stdout);
        Assert.DoesNotContain("--lock-ttl", stdout);
        Assert.All(stdout.TrimEnd('\n').Split('\n'), line => Assert.True(line.Length <= 120, line));
    }
}
