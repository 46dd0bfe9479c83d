using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

public class ParameterTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private async Task<SampleBuild> Resolve(string commandLine)
    {
        var build = new SampleBuild();
        var result = await _run.RunAsync("Restore --no-logo " + commandLine, build);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return build;
    }

    [Fact]
    public async Task Command_line_wins_over_environment_profile_and_parameters_json()
    {
        _run.WriteSettings("parameters.json", """{ "Environment": "from-json" }""");
        _run.WriteSettings("parameters.ci.json", """{ "Environment": "from-profile" }""");
        _run.Environment["PIPELINES_ENVIRONMENT"] = "from-env";
        Assert.Equal("from-cli", (await Resolve("--profile ci --environment from-cli")).Environment);
        Assert.Equal("from-env", (await Resolve("--profile ci")).Environment);
        _run.Environment.Remove("PIPELINES_ENVIRONMENT");
        Assert.Equal("from-profile", (await Resolve("--profile ci")).Environment);
        Assert.Equal("from-json", (await Resolve("")).Environment);
        File.Delete(Path.Combine(_run.SettingsDirectory, "parameters.json"));
        Assert.Null((await Resolve("")).Environment);
    }

    [Fact]
    public async Task Later_profiles_win_over_earlier_ones()
    {
        _run.WriteSettings("parameters.a.json", """{ "Environment": "a", "PushAttempts": 7 }""");
        _run.WriteSettings("parameters.b.json", """{ "Environment": "b" }""");
        var build = await Resolve("--profile a b");
        Assert.Equal("b", build.Environment);
        Assert.Equal(7, build.PushAttempts);
    }

    [Fact]
    public async Task Prefixed_variable_wins_over_the_declared_unprefixed_one()
    {
        _run.Environment["KUBECONFIG"] = "/plain";
        Assert.Equal("/plain", (await Resolve("")).Kubeconfig);
        _run.Environment["PIPELINES_KUBECONFIG"] = "/prefixed";
        Assert.Equal("/prefixed", (await Resolve("")).Kubeconfig);
    }

    [Fact]
    public async Task Undeclared_unprefixed_variables_are_never_read()
    {
        _run.Environment["ENVIRONMENT"] = "stray";
        _run.Environment["OUTPUT"] = "json";
        var build = await Resolve("");
        Assert.Null(build.Environment);
        Assert.Equal(OutputFormat.Text, build.Output);
    }

    [Theory]
    [InlineData("--apply", true)]
    [InlineData("--apply true", true)]
    [InlineData("--apply false", false)]
    [InlineData("--apply False", false)]
    [InlineData("", true)]
    public async Task Bool_takes_an_optional_value(string commandLine, bool expected) =>
        Assert.Equal(expected, (await Resolve(commandLine)).Apply);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("00:02:30", 150)]
    public async Task Durations_are_written_the_way_people_say_them(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), (await Resolve("--rollout-timeout " + text)).RolloutTimeout);

    [Fact]
    public async Task Typed_values_from_every_source()
    {
        _run.WriteSettings("parameters.json", """{ "Services": ["carts", "orders"], "Output": "json" }""");
        var fromJson = await Resolve("");
        Assert.Equal(["carts", "orders"], fromJson.Services);
        Assert.Equal(OutputFormat.Json, fromJson.Output);

        _run.Environment["PIPELINES_SERVICES"] = "user, payment";
        _run.Environment["PIPELINES_PUSH_ATTEMPTS"] = "9";
        var fromEnvironment = await Resolve("");
        Assert.Equal(["user", "payment"], fromEnvironment.Services);
        Assert.Equal(9, fromEnvironment.PushAttempts);

        var fromCommandLine = await Resolve("--services front-end --output TEXT --push-attempts 1");
        Assert.Equal(["front-end"], fromCommandLine.Services);
        Assert.Equal(OutputFormat.Text, fromCommandLine.Output);
        Assert.Equal(1, fromCommandLine.PushAttempts);
    }

    [Theory]
    [InlineData("--push-attempts many", "--push-attempts: 'many' is not valid (command line); expected a whole number.")]
    [InlineData("--rollout-timeout soon", "expected a duration such as 90s, 5m, 1h or hh:mm:ss")]
    [InlineData("--output yaml", "expected one of text, json")]
    [InlineData("--environment a b", "--environment takes one value but got 2")]
    [InlineData("--apply maybe", "expected true or false")]
    [InlineData("--environmnet staging", "Unknown parameter --environmnet. Did you mean --environment?")]
    public async Task Bad_values_exit_2_saying_what_is_accepted(string commandLine, string message)
    {
        var result = await _run.RunAsync("Restore " + commandLine, new SampleBuild());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task Unknown_key_in_parameters_json_names_the_file_and_the_closest_parameter()
    {
        _run.WriteSettings("parameters.json", """{ "Enviroment": "staging" }""");
        var result = await _run.RunAsync("Restore", new SampleBuild());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".nuke/parameters.json: unknown parameter \"Enviroment\". Did you mean \"Environment\"?", result.Stderr);
    }

    [Fact]
    public async Task Missing_profile_file_is_a_usage_error_listing_the_profiles()
    {
        _run.WriteSettings("parameters.sandbox.json", "{}");
        var result = await _run.RunAsync("Restore --profile ci", new SampleBuild());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("parameters.ci.json does not exist. Profiles here: sandbox.", result.Stderr);
    }

    // Until issue 21 the two declarations were merged silently, the first one's description winning; a parameter shared
    // by several sets is now declared once, in a component interface (ParameterComponentTests).
    [Fact]
    public async Task A_parameter_two_sets_declare_is_a_build_definition_error_naming_both_declarations()
    {
        var first = new SampleBuild();
        var second = new OtherSet();
        var result = await _run.RunAsync("Restore Other --environment prod", first, second);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error in the build definition: Parameter --environment is declared twice, as SampleBuild.Environment and as OtherSet.Environment. " +
            "Declare it once, in a shared component interface (interface I… : IParameterComponent) that every set using it implements.", result.Stderr);
        Assert.Empty(first.Ran);
        Assert.Null(first.Environment);
    }

    [Fact]
    public async Task Schema_file_lists_every_parameter_for_editors()
    {
        await Resolve("");
        var schema = File.ReadAllText(Path.Combine(_run.SettingsDirectory, "build.schema.json"));
        Assert.Contains("\"RolloutTimeout\"", schema);
        Assert.Contains("\"enum\": [\n        \"Text\",\n        \"Json\"\n      ]", schema.Replace("\r\n", "\n"));
        Assert.Contains("\"type\": \"array\"", schema);
        Assert.Contains("Registry password. (secret)", schema);
    }

    private sealed class OtherSet : TargetSet
    {
        [Parameter("Environment to release to.")] public string? Environment { get; set; }

        public Target Other => _ => _.DependsOn(nameof(SampleBuild.Restore)).Executes(() => { });
    }
}
