using Pipelines.Targets.Planning;
using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary>The command line a team types every day: per-target help, help that fits the terminal and groups targets by
/// stage, short aliases, <c>--version</c>, <c>--</c> for values that start with dashes, and a warning for a parameter that
/// nothing invoked reads (issue 24).</summary>
public sealed class CliContractTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Target_help_shows_that_targets_description_parameters_required_first_and_examples()
    {
        var result = await _run.RunAsync("Deploy --help", new DeploySet(), new ReportSet());
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
        Snapshot.Match(result.Stdout, "Help.Target");
        Assert.DoesNotContain("--limit", result.Stdout);   // ReportSet's, not Deploy's
        Assert.DoesNotContain("Report", result.Stdout);
    }

    [Fact]
    public async Task Dash_h_gives_the_same_target_help_and_help_before_the_target_is_refused()
    {
        var after = await _run.RunAsync("Deploy --help", new DeploySet(), new ReportSet());
        var before = await _run.RunAsync("--help Deploy", new DeploySet(), new ReportSet());
        var shortForm = await _run.RunAsync("Deploy -h", new DeploySet(), new ReportSet());
        Assert.Equal(after.Stdout, shortForm.Stdout);
        Assert.Equal(0, shortForm.ExitCode);
        Assert.Equal(Runner.UsageError, before.ExitCode); // a flag followed by a word is refused, as every flag is
        Assert.Contains("Targets come first", before.Stderr);
    }

    [Fact]
    public async Task Global_help_groups_targets_by_stage_and_lists_only_common_parameters_at_80_columns()
    {
        _run.Environment["COLUMNS"] = "80";
        var result = await _run.RunAsync("--help", new DeploySet(), new ReportSet());
        Assert.Equal(0, result.ExitCode);
        Snapshot.Match(result.Stdout, "Help.Grouped.80");
        Assert.All(result.Stdout.TrimEnd('\n').Split('\n'), line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public async Task Global_help_at_120_columns()
    {
        var result = await _run.RunAsync("--help", new DeploySet(), new ReportSet());
        Snapshot.Match(result.Stdout, "Help.Grouped.120");
        Assert.All(result.Stdout.TrimEnd('\n').Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public async Task Groups_come_in_the_order_the_host_gives_then_in_declaration_order_and_other_targets_last()
    {
        _run.GroupOrder = ["Stage two"];
        var result = await _run.RunAsync("--help", new DeploySet(), new ReportSet());
        var two = result.Stdout.IndexOf("Stage two:", StringComparison.Ordinal);
        var one = result.Stdout.IndexOf("Stage one:", StringComparison.Ordinal);
        var other = result.Stdout.IndexOf("Other targets:", StringComparison.Ordinal);
        Assert.True(two >= 0 && two < one && one < other, result.Stdout);
    }

    [Fact]
    public async Task Help_of_an_unknown_target_suggests_the_closest()
    {
        var result = await _run.RunAsync("Deploi --help", new DeploySet(), new ReportSet());
        Assert.Equal(Runner.UsageError, result.ExitCode);
        Assert.Contains("Unknown target 'Deploi'. Did you mean Deploy?", result.Stderr);
    }

    [Fact]
    public async Task Short_aliases_set_their_parameters_in_every_form()
    {
        foreach (var args in new[] { "Deploy --image a:1 -e staging -o json", "Deploy --image a:1 -e=staging -ojson", "Deploy -o json --image a:1 -e staging" })
        {
            var deploy = new DeploySet();
            var result = await _run.RunAsync(args, deploy, new ReportSet());
            Assert.True(result.ExitCode == 0, args + "\n" + result.Stderr);
            Assert.Equal(["staging a:1 Json"], deploy.Seen);
        }
    }

    [Fact]
    public async Task An_unknown_short_option_is_a_usage_error_listing_the_short_options()
    {
        var result = await _run.RunAsync("Deploy --image a:1 -x 3", new DeploySet(), new ReportSet());
        Assert.Equal(Runner.UsageError, result.ExitCode);
        Assert.Contains("Unknown option -x. Short options: -e (--environment), -h (--help), -o (--output).", result.Stderr);
    }

    [Fact]
    public async Task Double_dash_passes_words_that_start_with_dashes_as_values()
    {
        var report = new ReportSet();
        var result = await _run.RunAsync(["Report", "--limit", "2", "--message", "--", "--urgent fix"], report);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["2 --urgent fix"], report.Seen);

        report = new ReportSet();
        result = await _run.RunAsync(["Report", "--message=--urgent"], report);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["10 --urgent"], report.Seen);
    }

    [Fact]
    public async Task Version_prints_the_tool_name_and_version()
    {
        var result = await _run.RunAsync("--version", new DeploySet());
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\./build\.sh \d+\.\d+\.\d+\S*\n$", result.Stdout);
    }

    [Fact]
    public async Task A_given_parameter_that_no_invoked_target_uses_is_named_in_a_warning()
    {
        var report = new ReportSet();
        var result = await _run.RunAsync("Report --limit 3 --image a:1 --timeout 1m", new DeploySet(), report);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["3 "], report.Seen);
        Assert.Contains("warning: --image and --timeout are not used by Report; they are ignored.", result.Stderr);
    }

    private sealed class Quiet : TargetSet
    {
        public Target Idle => _ => _.Executes(() => { });
    }

    [Fact]
    public async Task Asking_json_of_a_target_without_a_result_is_refused_before_it_runs()
    {
        var result = await _run.RunAsync("Idle -o json", new DeploySet(), new Quiet());
        Assert.Equal(Runner.UsageError, result.ExitCode);
        Assert.Contains("error: --output: Idle takes no --output: it has no result to give in another form. Leave it out; the targets that take it: Deploy.", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_parameter_an_invoked_target_uses_is_not_warned_about()
    {
        var result = await _run.RunAsync("Deploy Report --image a:1 --limit 3 -e staging", new DeploySet(), new ReportSet());
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("not used", result.Stderr);
    }

    private sealed class ClashingShortName : TargetSet
    {
        [Parameter("Also wants -e.", Short = 'e')] public string? Endpoint { get; set; }

        public Target Ping => _ => _.Executes(() => { });
    }

    [Fact]
    public async Task Two_parameters_with_one_short_name_are_a_build_definition_error()
    {
        var result = await _run.RunAsync("--help", new DeploySet(), new ClashingShortName());
        Assert.Equal(Runner.UsageError, result.ExitCode);
        Assert.Contains("error in the build definition: Parameters ISharedParameters.Environment and ClashingShortName.Endpoint share the short name -e.", result.Stderr);
    }

    [Fact]
    public void A_short_alias_before_any_target_is_still_an_option()
    {
        var invocation = CommandLine.Parse(["-o", "json", "Deploy"], new Dictionary<char, string> { ['o'] = "output" });
        Assert.Empty(invocation.Targets);
        Assert.Equal(["json", "Deploy"], invocation.Parameters["output"].Words);
    }

    [Fact]
    public void A_negative_number_is_a_value_not_an_option()
    {
        var invocation = CommandLine.Parse(["Report", "--limit", "-1"], new Dictionary<char, string>());
        Assert.Equal(["-1"], invocation.Parameters["limit"].Words);
    }
}
