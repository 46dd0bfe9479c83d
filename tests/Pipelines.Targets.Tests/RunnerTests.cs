using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

public class RunnerTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Runs_the_plan_in_order_and_exits_0()
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Test", build);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], build.Ran);
        Assert.Equal("Build succeeded.", result.LastLine);
    }

    [Fact]
    public async Task Targets_match_case_insensitively_with_dashes_ignored()
    {
        var build = new SampleBuild();
        Assert.Equal(0, (await _run.RunAsync("re-store", build)).ExitCode);
        Assert.Equal(["Restore"], build.Ran);
    }

    [Fact]
    public async Task Unknown_target_exits_2_suggesting_the_closest_and_listing_all()
    {
        var result = await _run.RunAsync("Tset", new SampleBuild());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown target 'Tset'. Did you mean Test?", result.Stderr);
        Assert.Contains("Targets: Restore, Compile, Test, Deploy, Notify.", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task No_target_runs_the_default()
    {
        _run.DefaultTarget = "Compile";
        var build = new SampleBuild();
        Assert.Equal(0, (await _run.RunAsync("", build)).ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public async Task Skip_names_the_reason_in_the_summary()
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Test --skip Compile", build);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Test"], build.Ran);
        Assert.Matches(@"Compile\s+Skipped: --skip", result.Stderr);
    }

    [Fact]
    public async Task Skip_without_names_skips_everything_not_invoked()
    {
        var build = new SampleBuild();
        Assert.Equal(0, (await _run.RunAsync("Test --skip", build)).ExitCode);
        Assert.Equal(["Test"], build.Ran);
    }

    [Fact]
    public async Task False_condition_skips_with_the_condition_as_reason()
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Deploy --environment staging --apply false", build);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Notify", build.Ran);
        Assert.Matches(@"Notify\s+Skipped: condition false: \(\) => Apply", result.Stderr);
    }

    [Fact]
    public async Task Triggered_target_runs_after_its_trigger()
    {
        var build = new SampleBuild();
        Assert.Equal(0, (await _run.RunAsync("Deploy --environment staging", build)).ExitCode);
        Assert.Equal(["Restore", "Compile", "Deploy", "Notify"], build.Ran);
    }

    [Fact]
    public async Task Missing_required_parameter_exits_2_before_anything_runs()
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Deploy", build);
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("Deploy requires --environment (or PIPELINES_ENVIRONMENT, or \"Environment\" in .nuke/parameters.json)", result.Stderr);
    }

    [Fact]
    public async Task Skipped_target_does_not_need_its_required_parameters()
    {
        var build = new SampleBuild();
        Assert.Equal(0, (await _run.RunAsync("Deploy --skip Deploy", build)).ExitCode);
    }

    [Fact]
    public async Task Failure_exits_1_and_later_targets_are_not_run()
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Deploy --environment staging --fail-deploy", build);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "Deploy"], build.Ran);
        Assert.Matches(@"Deploy\s+Failed", result.Stderr);
        Assert.Matches(@"Notify\s+NotRun: Deploy failed", result.Stderr);
        Assert.Contains("Deploy failed: rollout failed", result.Stderr);
        Assert.Equal("Build failed.", result.LastLine);
    }

    [Fact]
    public async Task Proceed_after_failure_runs_the_independent_targets_but_not_the_dependents()
    {
        var build = new FlakyBuild();
        var result = await _run.RunAsync("Report Package Lint", build);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Lint"], build.Ran);
        Assert.Matches(@"Flaky\s+Failed", result.Stderr);
        Assert.Matches(@"Package\s+NotRun: Flaky did not succeed", result.Stderr);
        Assert.Matches(@"Lint\s+Succeeded", result.Stderr);
    }

    [Fact]
    public async Task Secrets_are_masked_on_stdout_stderr_and_in_failures()
    {
        var result = await _run.RunAsync(["Deploy", "--environment", "staging", "--registry-password", "s3cr3t-value", "--fail-deploy", "--verbosity", "verbose"], new SampleBuild());
        Assert.DoesNotContain("s3cr3t-value", result.Stdout + result.Stderr);
        Assert.Contains("result: password ****", result.Stdout);
        Assert.Contains("deploying with password ****", result.Stderr);
        Assert.Contains("rollout failed (password ****)", result.Stderr);
    }

    [Fact]
    public async Task Secret_from_the_environment_is_masked_too()
    {
        _run.Environment["PIPELINES_REGISTRY_PASSWORD"] = "env-secret";
        var result = await _run.RunAsync("Deploy --environment staging", new SampleBuild());
        Assert.DoesNotContain("env-secret", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Stdout_carries_only_results()
    {
        var result = await _run.RunAsync("Deploy --environment staging", new SampleBuild());
        Assert.Equal("result: password \n", result.Stdout);
        Assert.Contains("Build succeeded.", result.Stderr);
    }

    [Fact]
    public async Task Closing_line_is_the_very_last_line()
    {
        var result = await _run.RunAsync("Count", new CountingBuild());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("3 passed, 1 failed", result.LastLine);
    }

    [Fact]
    public async Task Plan_prints_the_order_and_writes_a_mermaid_graph_without_running()
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Deploy --plan", build);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("1. Restore", result.Stdout);
        Assert.Contains("4. Notify", result.Stdout);
        var html = File.ReadAllText(Path.Combine(_run.SettingsDirectory, "temp", "execution-plan.html"));
        Assert.Contains("class=\"mermaid\"", html);
        Assert.Contains("Compile --&gt; Deploy", html);
        Assert.Contains("Deploy -. triggers .-&gt; Notify", html);
    }

    [Fact]
    public async Task Without_settings_folder_the_error_says_where_it_looked_and_what_to_do()
    {
        Directory.Delete(_run.SettingsDirectory, recursive: true);
        var result = await _run.RunAsync("Restore", new SampleBuild());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No .nuke/ folder in", result.Stderr);
        Assert.Contains("pass --root <dir>", result.Stderr);
    }

    [Fact]
    public async Task A_cycle_exits_2()
    {
        var result = await _run.RunAsync("A", new CyclicBuild());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("A -> B -> A", result.Stderr);
    }

    [Fact]
    public async Task Verbosity_quiet_shows_only_errors_and_the_summary()
    {
        var result = await _run.RunAsync("Deploy --environment staging --verbosity quiet", new SampleBuild());
        Assert.DoesNotContain("deploying", result.Stderr);
        Assert.DoesNotContain("━━━", result.Stderr);
        Assert.Contains("Build succeeded.", result.Stderr);
    }

    private sealed class FlakyBuild : TargetSet
    {
        public List<string> Ran { get; } = [];
        public Target Flaky => _ => _.ProceedAfterFailure().Executes(() => throw new InvalidOperationException("flaky"));
        public Target Package => _ => _.DependsOn(Flaky).Executes(() => Ran.Add(nameof(Package)));
        public Target Report => _ => _.DependsOn(Package).Executes(() => Ran.Add(nameof(Report)));
        public Target Lint => _ => _.After(Flaky).Executes(() => Ran.Add(nameof(Lint)));
    }

    private sealed class CountingBuild : TargetSet
    {
        public Target Count => _ => _.Executes(() =>
        {
            Context.SetClosingLine("3 passed, 1 failed");
            throw new BuildFailure("1 test failed");
        });
    }

    private sealed class CyclicBuild : TargetSet
    {
        public Target A => _ => _.DependsOn(B);
        public Target B => _ => _.DependsOn(A);
    }
}
