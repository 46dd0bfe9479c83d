using System.Text.RegularExpressions;
using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary>
/// Parameters declared once, in component interfaces (as Nuke composes build components): a target set uses a component's
/// parameters by implementing it, the runner resolves each value once per run from every source, and every set that
/// implements the component reads that one value. A name declared twice is refused before anything runs.
/// </summary>
public class ParameterComponentTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private interface IReleaseParameters : IParameterComponent
    {
        [Parameter("The config repo.")]
        string? ConfigRepo => this.Value<string?>();

        [Parameter("The config repo's branch."), NoSpaces]
        string ConfigBranch => this.Value("main");

        [Parameter("A kubeconfig file.", EnvironmentVariables = ["KUBECONFIG"])]
        string? Kubeconfig => this.Value<string?>();

        [Parameter("How long a rollout may take."), ValueRange("1s", "1h")]
        TimeSpan RolloutTimeout => this.Value(TimeSpan.FromMinutes(5));

        [Parameter("The workloads.")]
        string[] Service => this.Value<string[]>([]);

        [Parameter("Apply after the push.")]
        bool Apply => this.Value(true);

        [Parameter("A token for the config repo.", EnvironmentVariables = ["GIT_TOKEN"]), Secret]
        string? GitToken => this.Value<string?>();
    }

    private interface IDeadlineParameters : IParameterComponent
    {
        [Parameter("How long a target may run in all."), ValueRange("1s", "24h")]
        TimeSpan Deadline => this.Value(TimeSpan.FromHours(1));
    }

    private sealed class NoSpacesAttribute : ValueRuleAttribute
    {
        public override string? Problem(string value) => value.Contains(' ') ? "has a space. Write it without spaces." : null;
    }

    /// <summary>What a target saw of the component's values while it ran.</summary>
    private sealed record Seen(string? ConfigRepo, string ConfigBranch, string? Kubeconfig, TimeSpan RolloutTimeout, string[] Service, bool Apply, string? GitToken);

    private static Seen Read(IReleaseParameters p) => new(p.ConfigRepo, p.ConfigBranch, p.Kubeconfig, p.RolloutTimeout, p.Service, p.Apply, p.GitToken);

    private sealed class ReleaseSet : TargetSet, IReleaseParameters, IDeadlineParameters
    {
        private IReleaseParameters Parameters => this;

        public Seen? Saw { get; private set; }

        protected internal override TimeSpan? TargetDeadline => ((IDeadlineParameters)this).Deadline;

        protected override IEnumerable<string> ParameterProblems()
        {
            if (Parameters.ConfigBranch == "lock") yield return "--config-branch lock is the lock's branch; give the config another.";
        }

        public Target Release => _ => _
            .Requires(() => Parameters.ConfigRepo)
            .Executes(() =>
            {
                Saw = Read(this);
                Log.Info($"releasing with token {Parameters.GitToken}");
                Context.Results.WriteLine($"token {Parameters.GitToken}");
            });
    }

    private sealed class RollbackSet : TargetSet, IReleaseParameters
    {
        private IReleaseParameters Parameters => this;

        public Seen? Saw { get; private set; }

        public Target Rollback => _ => _
            .Requires(() => Parameters.ConfigBranch)
            .Executes(() => Saw = Read(this));
    }

    private sealed class HangingSet : TargetSet, IDeadlineParameters
    {
        protected internal override TimeSpan? TargetDeadline => ((IDeadlineParameters)this).Deadline;

        public Target Hang => _ => _.Executes(async () => await Task.Delay(Timeout.Infinite, Context.Stopping));
    }

    private async Task<(ReleaseSet Release, RollbackSet Rollback)> RunBoth(params string[] args)
    {
        var release = new ReleaseSet();
        var rollback = new RollbackSet();
        var result = await _run.RunAsync(["Release", "Rollback", "--no-logo", .. args], release, rollback);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.NotNull(release.Saw);
        Assert.NotNull(rollback.Saw);
        return (release, rollback);
    }

    private static void BothSaw(ReleaseSet release, RollbackSet rollback, Action<Seen> check)
    {
        check(release.Saw!);
        check(rollback.Saw!);
    }

    [Fact]
    public async Task A_component_parameter_takes_its_value_from_the_command_line_and_every_set_implementing_it_sees_that_value()
    {
        var (release, rollback) = await RunBoth("--config-repo", "git://host/config", "--config-branch", "develop", "--service", "carts", "orders",
            "--rollout-timeout", "90s", "--apply", "false");
        BothSaw(release, rollback, saw =>
        {
            Assert.Equal("git://host/config", saw.ConfigRepo);
            Assert.Equal("develop", saw.ConfigBranch);
            Assert.Equal(["carts", "orders"], saw.Service);
            Assert.Equal(TimeSpan.FromSeconds(90), saw.RolloutTimeout);
            Assert.False(saw.Apply);
        });
    }

    [Fact]
    public async Task A_component_parameter_takes_its_value_from_its_PIPELINES_variable()
    {
        _run.Environment["PIPELINES_CONFIG_REPO"] = "git://host/from-env";
        _run.Environment["PIPELINES_SERVICE"] = "carts, orders";
        _run.Environment["PIPELINES_APPLY"] = "false";
        var (release, rollback) = await RunBoth();
        BothSaw(release, rollback, saw =>
        {
            Assert.Equal("git://host/from-env", saw.ConfigRepo);
            Assert.Equal(["carts", "orders"], saw.Service);
            Assert.False(saw.Apply);
        });
    }

    [Fact]
    public async Task A_component_parameter_takes_its_value_from_a_declared_unprefixed_variable_after_the_PIPELINES_one()
    {
        _run.Environment["KUBECONFIG"] = "/plain";
        var (release, rollback) = await RunBoth("--config-repo", "x");
        BothSaw(release, rollback, saw => Assert.Equal("/plain", saw.Kubeconfig));

        _run.Environment["PIPELINES_KUBECONFIG"] = "/prefixed";
        (release, rollback) = await RunBoth("--config-repo", "x");
        BothSaw(release, rollback, saw => Assert.Equal("/prefixed", saw.Kubeconfig));
    }

    [Fact]
    public async Task A_component_parameter_keeps_the_precedence_of_every_source()
    {
        _run.WriteSettings("parameters.json", """{ "ConfigRepo": "from-json", "ConfigBranch": "json-branch" }""");
        _run.WriteSettings("parameters.ci.json", """{ "ConfigRepo": "from-profile" }""");
        _run.Environment["PIPELINES_CONFIG_REPO"] = "from-env";
        Both(await RunBoth("--profile", "ci", "--config-repo", "from-cli"), saw => Assert.Equal("from-cli", saw.ConfigRepo));
        Both(await RunBoth("--profile", "ci"), saw => Assert.Equal("from-env", saw.ConfigRepo));
        _run.Environment.Remove("PIPELINES_CONFIG_REPO");
        Both(await RunBoth("--profile", "ci"), saw => Assert.Equal("from-profile", saw.ConfigRepo));
        Both(await RunBoth(), saw => Assert.Equal(("from-json", "json-branch"), (saw.ConfigRepo, saw.ConfigBranch)));

        static void Both((ReleaseSet Release, RollbackSet Rollback) sets, Action<Seen> check) => BothSaw(sets.Release, sets.Rollback, check);
    }

    [Fact]
    public async Task A_component_parameter_given_nowhere_has_the_default_its_getter_names()
    {
        var (release, rollback) = await RunBoth("--config-repo", "x");
        BothSaw(release, rollback, saw =>
        {
            Assert.Equal("main", saw.ConfigBranch);
            Assert.Equal(TimeSpan.FromMinutes(5), saw.RolloutTimeout);
            Assert.Empty(saw.Service);
            Assert.True(saw.Apply);
            Assert.Null(saw.Kubeconfig);
            Assert.Null(saw.GitToken);
        });
    }

    [Fact]
    public void Outside_a_run_a_component_parameter_reads_its_default()
    {
        IReleaseParameters parameters = new RollbackSet();
        Assert.Equal("main", parameters.ConfigBranch);
        Assert.Null(parameters.ConfigRepo);
        Assert.True(parameters.Apply);
    }

    [Fact]
    public async Task Help_lists_a_component_parameter_once_with_its_description_and_default()
    {
        _run.Environment["COLUMNS"] = "200";   // the sentences, not how they wrap
        var result = await _run.RunAsync("--help", new ReleaseSet(), new RollbackSet());

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Single(Regex.Matches(result.Stdout, @"^  --config-repo ", RegexOptions.Multiline));
        Assert.Single(Regex.Matches(result.Stdout, @"^  --config-branch ", RegexOptions.Multiline));
        Assert.Matches(@"--config-repo <string>\s+The config repo\. \[env: PIPELINES_CONFIG_REPO\]\n", result.Stdout);
        Assert.Matches(@"--config-branch <string>\s+The config repo's branch\. \[env: PIPELINES_CONFIG_BRANCH\] \(default: main\)\n", result.Stdout);
        Assert.Matches(@"--rollout-timeout <duration>\s+How long a rollout may take\. \[env: PIPELINES_ROLLOUT_TIMEOUT\] \(default: 5m\)\n", result.Stdout);
        Assert.Matches(@"--deadline <duration>\s+How long a target may run in all\. \[env: PIPELINES_DEADLINE\] \(default: 1h\)\n", result.Stdout);
        Assert.Matches(@"--apply \[true\|false\]\s+Apply after the push\. \[env: PIPELINES_APPLY\] \(default: true\)\n", result.Stdout);
        Assert.Matches(@"--kubeconfig <string>\s+A kubeconfig file\. \[env: PIPELINES_KUBECONFIG, KUBECONFIG\]\n", result.Stdout);
        Assert.Matches(@"--git-token <secret>\s+A token for the config repo\. \[env: PIPELINES_GIT_TOKEN, GIT_TOKEN\] \(secret: masked in all output\)\n", result.Stdout);
    }

    [Fact]
    public async Task A_secret_component_parameter_is_masked_in_all_output_from_every_source()
    {
        var fromCommandLine = await _run.RunAsync(["Release", "--config-repo", "x", "--git-token", "s3cret-token"], new ReleaseSet());
        Assert.Equal(0, fromCommandLine.ExitCode);
        Assert.DoesNotContain("s3cret-token", fromCommandLine.Stdout + fromCommandLine.Stderr);
        Assert.Contains("releasing with token ****", fromCommandLine.Stderr);
        Assert.Contains("token ****", fromCommandLine.Stdout);

        _run.Environment["GIT_TOKEN"] = "env-s3cret";
        var help = await _run.RunAsync("--help", new ReleaseSet());
        Assert.DoesNotContain("env-s3cret", help.Stdout + help.Stderr);
        var fromEnvironment = await _run.RunAsync("Release --config-repo x", new ReleaseSet());
        Assert.DoesNotContain("env-s3cret", fromEnvironment.Stdout + fromEnvironment.Stderr);
        Assert.Contains("releasing with token ****", fromEnvironment.Stderr);
    }

    [Theory]
    [InlineData("--rollout-timeout 2h", "--rollout-timeout: '2h' is out of range (command line); expected a duration from 1s to 1h.")]
    [InlineData("--rollout-timeout soon", "--rollout-timeout: 'soon' is not valid (command line); expected a duration from 1s to 1h.")]
    [InlineData("--deadline 0s", "--deadline: '0s' is out of range (command line); expected a duration from 1s to 24h.")]
    public async Task A_value_range_on_a_component_parameter_is_enforced_before_anything_runs(string arguments, string message)
    {
        var release = new ReleaseSet();
        var result = await _run.RunAsync("Release --config-repo x " + arguments, release);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " + message, result.Stderr);
        Assert.Null(release.Saw);
    }

    [Fact]
    public async Task A_value_range_on_a_component_parameter_applies_to_the_environment_too()
    {
        _run.Environment["PIPELINES_ROLLOUT_TIMEOUT"] = "0s";
        var result = await _run.RunAsync("Release --config-repo x", new ReleaseSet());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--rollout-timeout: '0s' is out of range (environment variable PIPELINES_ROLLOUT_TIMEOUT)", result.Stderr);
    }

    [Fact]
    public async Task A_value_rule_on_a_component_parameter_is_enforced()
    {
        var result = await _run.RunAsync(["Release", "--config-repo", "x", "--config-branch", "a b"], new ReleaseSet());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--config-branch: 'a b' has a space. Write it without spaces. (command line)", result.Stderr);
    }

    [Fact]
    public async Task Requires_names_a_missing_component_parameter()
    {
        var release = new ReleaseSet();
        var result = await _run.RunAsync("Release", release);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Release requires --config-repo (or PIPELINES_CONFIG_REPO, or \"ConfigRepo\" in .nuke/parameters.json): The config repo.", result.Stderr);
        Assert.Null(release.Saw);
    }

    [Fact]
    public async Task ParameterProblems_reads_the_component_values_of_the_run()
    {
        var release = new ReleaseSet();
        var result = await _run.RunAsync("Release --config-repo x --config-branch lock", release);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --config-branch lock is the lock's branch; give the config another.", result.Stderr);
        Assert.Null(release.Saw);
    }

    [Fact]
    public async Task A_target_deadline_can_come_from_a_component_parameter()
    {
        _run.DeadlineGrace = TimeSpan.FromMilliseconds(200);
        var result = await _run.RunAsync("Hang --no-logo --deadline 1s", new HangingSet()).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Hang did not finish within its deadline of 1s and was stopped.", result.Stderr);
    }

    [Fact]
    public async Task Generated_ci_configuration_writes_required_component_parameters_with_their_values_or_defaults_and_binds_their_secrets()
    {
        var result = await _run.RunAsync("Release Rollback --generate-configuration gitlab --config-repo git://host/config", new ReleaseSet(), new RollbackSet());

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = File.ReadAllText(Path.Combine(_run.Root, ".gitlab-ci.yml"));
        Assert.Contains("\n  PIPELINES_CONFIG_REPO: \"git://host/config\"\n", text);  // required by Release, given
        Assert.Contains("\n  PIPELINES_CONFIG_BRANCH: \"main\"\n", text);            // required by Rollback: its default
        Assert.Contains("#   GIT_TOKEN: A token for the config repo.", text);         // a secret of a planned set, bound by name
        Assert.DoesNotContain("PIPELINES_APPLY", text);

        var missing = await _run.RunAsync("Release --generate-configuration gitlab --overwrite", new ReleaseSet());
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("which require --config-repo, but no value is given", missing.Stderr);
    }

    [Fact]
    public async Task The_schema_file_lists_a_component_parameter_once()
    {
        Assert.Equal(0, (await _run.RunAsync("--help", new ReleaseSet(), new RollbackSet())).ExitCode);
        var schema = File.ReadAllText(Path.Combine(_run.SettingsDirectory, "build.schema.json"));
        Assert.Single(Regex.Matches(schema, "\"ConfigRepo\""));
        Assert.Contains("A token for the config repo. (secret)", schema);
        Assert.Contains("\"Deadline\"", schema);
    }

    // A component may build on another; a set implementing the derived one has both's parameters, each declared once.
    private interface ILockParameters : IDeadlineParameters
    {
        [Parameter("The lock's branch.")]
        string LockBranch => this.Value("pipelines-lock");
    }

    private sealed class LockSet : TargetSet, ILockParameters
    {
        private ILockParameters Lock => this;
        public (string Branch, TimeSpan Deadline)? Saw { get; private set; }
        public Target Locks => _ => _.Executes(() => Saw = (Lock.LockBranch, Lock.Deadline));
    }

    [Fact]
    public async Task A_component_built_on_another_gives_a_set_both_components_parameters_once()
    {
        var (locks, release) = (new LockSet(), new ReleaseSet());
        var result = await _run.RunAsync("Locks Release --no-logo --config-repo x --deadline 2m --lock-branch held", locks, release);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(("held", TimeSpan.FromMinutes(2)), locks.Saw);

        var help = await _run.RunAsync("--help", locks, release);
        Assert.Single(Regex.Matches(help.Stdout, @"^  --deadline ", RegexOptions.Multiline));
        Assert.Matches(@"--lock-branch <string>\s+The lock's branch\. \[env: PIPELINES_LOCK_BRANCH\] \(default: pipelines-lock\)\n", help.Stdout);
    }

    // One declaration, many users: a base class's member reached through several sets is not a duplicate either.
    private abstract class SharedBase : TargetSet
    {
        [Parameter("Where to.")] public string? Environment { get; set; }
    }

    private sealed class FirstUser : SharedBase
    {
        public string? Saw { get; private set; }
        public Target First => _ => _.Executes(() => Saw = Environment);
    }

    private sealed class SecondUser : SharedBase
    {
        public string? Saw { get; private set; }
        public Target Second => _ => _.Executes(() => Saw = Environment);
    }

    [Fact]
    public async Task A_base_class_parameter_reached_through_several_sets_is_one_declaration()
    {
        var (first, second) = (new FirstUser(), new SecondUser());
        var result = await _run.RunAsync("First Second --environment prod", first, second);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(("prod", "prod"), (first.Saw, second.Saw));
    }

    private sealed class DeclaresConfigRepo : TargetSet
    {
        public bool Ran { get; private set; }
        [Parameter("My own config repo.")] public string? ConfigRepo { get; set; }
        public Target Mine => _ => _.Executes(() => Ran = true);
    }

    private interface IOtherComponent : IParameterComponent
    {
        [Parameter("Another config repo.")]
        string? ConfigRepo => this.Value<string?>();
    }

    private sealed class OtherComponentSet : TargetSet, IOtherComponent
    {
        public Target Other => _ => _.Executes(() => { });
    }

    [Fact]
    public async Task A_name_declared_by_a_set_and_by_a_component_is_a_build_definition_error_naming_both()
    {
        var mine = new DeclaresConfigRepo();
        var release = new ReleaseSet();
        var result = await _run.RunAsync("Mine Release --config-repo x", mine, release);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error in the build definition: Parameter --config-repo is declared twice, as DeclaresConfigRepo.ConfigRepo and as IReleaseParameters.ConfigRepo. " +
            "Declare it once, in a shared component interface (interface I… : IParameterComponent) that every set using it implements.", result.Stderr);
        Assert.False(mine.Ran);
        Assert.Null(release.Saw);
    }

    [Fact]
    public async Task A_name_declared_by_two_components_is_a_build_definition_error_naming_both()
    {
        var result = await _run.RunAsync("Release", new ReleaseSet(), new OtherComponentSet());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Parameter --config-repo is declared twice, as IReleaseParameters.ConfigRepo and as IOtherComponent.ConfigRepo.", result.Stderr);
    }

    private sealed class DeclaresConfigRepoAndDeadline : TargetSet
    {
        [Parameter("My own config repo.")] public string? ConfigRepo { get; set; }
        [Parameter("My own deadline.")] public TimeSpan Deadline { get; set; }
        public Target Both => _ => _.Executes(() => { });
    }

    [Fact]
    public async Task Every_name_declared_twice_is_named_in_one_run()
    {
        var result = await _run.RunAsync("Release", new ReleaseSet(), new DeclaresConfigRepoAndDeadline());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error in the build definition: Parameter --config-repo is declared twice, as IReleaseParameters.ConfigRepo and as DeclaresConfigRepoAndDeadline.ConfigRepo.\n", result.Stderr);
        Assert.Contains("error in the build definition: Parameter --deadline is declared twice, as IDeadlineParameters.Deadline and as DeclaresConfigRepoAndDeadline.Deadline. " +
            "Declare each once, in a shared component interface (interface I… : IParameterComponent) that every set using it implements.", result.Stderr);
    }

    [Fact]
    public async Task A_name_declared_twice_is_an_error_even_when_nothing_would_run_help_shows_it_too()
    {
        var result = await _run.RunAsync("--help", new DeclaresConfigRepo(), new ReleaseSet());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("declared twice", result.Stderr);
    }

    private sealed class ReimplementingSet : TargetSet, IReleaseParameters
    {
        public string? ConfigRepo => "hard-wired";
        public Target Reimplemented => _ => _.Executes(() => { });
    }

    private interface IBodiless : IParameterComponent
    {
        [Parameter("No body.")]
        string? Bodiless { get; }
    }

    private sealed class BodilessSet : TargetSet, IBodiless
    {
        public string? Bodiless { get; set; }
        public Target UsesBodiless => _ => _.Executes(() => { });
    }

    [Fact]
    public async Task A_set_that_reimplements_a_component_parameter_is_a_build_definition_error()
    {
        var result = await _run.RunAsync("Reimplemented", new ReimplementingSet());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ReimplementingSet.ConfigRepo re-implements the parameter IReleaseParameters.ConfigRepo", result.Stderr);
    }

    [Fact]
    public async Task A_component_parameter_without_a_body_is_a_build_definition_error_saying_how_to_write_it()
    {
        var result = await _run.RunAsync("UsesBodiless", new BodilessSet());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Parameter IBodiless.Bodiless has no body", result.Stderr);
        Assert.Contains("=> this.Value<", result.Stderr);
    }

    private interface ISloppy : IParameterComponent
    {
        string Helper => this.Value("fallback");
    }

    private sealed class SloppySet : TargetSet, ISloppy
    {
        public Target Sloppy => _ => _.Executes(() => Context.Results.WriteLine(((ISloppy)this).Helper));
    }

    [Fact]
    public async Task Reading_a_value_from_a_member_that_is_no_parameter_fails_naming_it()
    {
        var result = await _run.RunAsync("Sloppy --no-logo", new SloppySet());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Helper is not a parameter", result.Stderr);
    }
}
