using Pipelines.Targets.CiConfiguration;
using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary><c>--generate-configuration</c>: the text is a pure function of (system, targets and parameters, tool
/// invocation); the runner decides what goes in and writes the file without clobbering one that differs.</summary>
public class CiConfigurationTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private static readonly CiToolInvocation Tool = new(".tools/pipelines", ["dotnet tool install Pipelines.Tool --tool-path .tools"]);

    private static CiConfigurationRequest Request(CiSystem system) => new(system,
        ["BuildImage", "PushImage", "UpdateConfigRepo"], ["BuildImage", "PushImage", "UpdateConfigRepo"],
        [new CiVariable("PIPELINES_ENVIRONMENT", "staging", "Environment."), new CiVariable("PIPELINES_USER", "O'Brien \"$HOME\" \\ ${x}", "Who.")],
        [new CiSecret("REGISTRY_PASSWORD", "registry-password", "Registry password.")],
        Tool, "pipelines --generate-configuration x");

    [Fact]
    public void GitLab_file_runs_the_targets_with_variables_quoted_and_names_the_masked_secrets()
    {
        var text = CiConfigurationText.Render(Request(CiSystem.GitLab));

        Assert.Contains("\nvariables:\n  PIPELINES_ENVIRONMENT: \"staging\"\n  PIPELINES_USER: \"O'Brien \\\"$HOME\\\" \\\\ ${x}\"\n", text);
        Assert.Contains("  script:\n    - \"dotnet tool install Pipelines.Tool --tool-path .tools\"\n    - \".tools/pipelines BuildImage PushImage UpdateConfigRepo\"\n", text);
        Assert.Contains("#   REGISTRY_PASSWORD: Registry password.", text);
        Assert.Contains("# Runs BuildImage -> PushImage -> UpdateConfigRepo", text);
    }

    [Fact]
    public void Jenkinsfile_binds_each_secret_with_withCredentials_and_keeps_values_out_of_groovy_interpolation()
    {
        var text = CiConfigurationText.Render(Request(CiSystem.Jenkins));

        Assert.Contains("        PIPELINES_USER = 'O\\'Brien \"$HOME\" \\\\ ${x}'\n", text);
        Assert.Contains("withCredentials([\n                    string(credentialsId: 'registry-password', variable: 'REGISTRY_PASSWORD'),\n                ]) {", text);
        Assert.Contains("sh '''\n                    dotnet tool install Pipelines.Tool --tool-path .tools\n                '''", text);
        Assert.Contains("sh '''\n                        .tools/pipelines BuildImage PushImage UpdateConfigRepo\n                    '''", text);
        Assert.DoesNotContain("sh \"", text);
        Assert.True(text.IndexOf("stage('Install')", StringComparison.Ordinal) < text.IndexOf("stage('BuildImage PushImage UpdateConfigRepo')", StringComparison.Ordinal));
    }

    [Fact]
    public void CircleCi_file_attaches_the_secrets_context_and_installs_dotnet_before_the_tool()
    {
        var text = CiConfigurationText.Render(Request(CiSystem.CircleCi));

        Assert.Contains("version: 2.1\n", text);
        Assert.Contains("    environment:\n      PIPELINES_ENVIRONMENT: \"staging\"\n", text);
        Assert.Contains("#   REGISTRY_PASSWORD: Registry password.", text);
        Assert.Contains("      - pipelines:\n          context: [pipelines]\n", text);
        var dotnet = text.IndexOf("dotnet-install.sh", StringComparison.Ordinal);
        Assert.InRange(dotnet, 0, text.IndexOf("dotnet tool install", StringComparison.Ordinal));
        Assert.Contains("          command: |\n            .tools/pipelines BuildImage PushImage UpdateConfigRepo\n", text);
    }

    [Fact]
    public void Build_without_an_install_step_runs_the_build_script_directly()
    {
        var text = CiConfigurationText.Render(Request(CiSystem.CircleCi) with { Tool = new CiToolInvocation("./build.sh", []) });

        Assert.DoesNotContain("dotnet-install.sh", text);
        Assert.DoesNotContain("name: \"Install\"", text);
        Assert.Contains("./build.sh BuildImage PushImage UpdateConfigRepo", text);
    }

    [Fact]
    public async Task Runner_writes_the_plan_required_and_given_parameters_and_secret_names_but_never_a_secret_value()
    {
        var result = await _run.RunAsync("Deploy --generate-configuration gitlab --environment staging --services a b --registry-password s3cret-value", new SampleBuild());

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = File.ReadAllText(Path.Combine(_run.Root, ".gitlab-ci.yml"));
        Assert.Contains("# Runs Restore -> Compile -> Deploy -> Notify (the plan of Deploy).", text);
        Assert.Contains("\n  PIPELINES_ENVIRONMENT: \"staging\"\n", text);   // required by Deploy
        Assert.Contains("\n  PIPELINES_SERVICES: \"a,b\"\n", text);         // given, and read back comma-separated
        Assert.Contains("    - \"./build.sh Deploy\"", text);
        Assert.Contains("#   PIPELINES_REGISTRY_PASSWORD: Registry password.", text);
        Assert.DoesNotContain("s3cret-value", text + result.Stderr + result.Stdout);
        Assert.DoesNotContain("PIPELINES_APPLY", text);   // neither required nor given: the default stands
        Assert.Contains("is a secret: its value is not written into the file", result.Stderr);
    }

    [Fact]
    public async Task Invoked_targets_are_written_in_plan_order()
    {
        var result = await _run.RunAsync("--generate-configuration jenkins --invoked-targets Test Restore", new SampleBuild());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("./build.sh Restore Test\n", File.ReadAllText(Path.Combine(_run.Root, "Jenkinsfile")));
    }

    [Fact]
    public async Task Missing_required_parameter_exits_2_naming_it_and_writes_nothing()
    {
        var result = await _run.RunAsync("Deploy --generate-configuration circleci", new SampleBuild());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("which require --environment, but no value is given", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_run.Root, ".circleci")));
    }

    [Fact]
    public async Task A_differing_file_is_kept_unless_overwrite_and_an_identical_one_is_up_to_date()
    {
        var path = Path.Combine(_run.Root, ".gitlab-ci.yml");
        File.WriteAllText(path, "# mine\n");

        var refused = await _run.RunAsync("Test --generate-configuration gitlab", new SampleBuild());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"{path} exists and differs from the file generated now, so it was left as it is", refused.Stderr);
        Assert.Contains("add --overwrite", refused.Stderr);
        Assert.Equal("# mine\n", File.ReadAllText(path));

        Assert.Equal(0, (await _run.RunAsync("Test --generate-configuration gitlab --overwrite", new SampleBuild())).ExitCode);
        Assert.Contains("./build.sh Test", File.ReadAllText(path));
        var again = await _run.RunAsync("Test --generate-configuration gitlab", new SampleBuild());
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("is up to date", again.Stderr);
    }

    [Fact]
    public async Task Unknown_ci_system_and_invoked_targets_without_generation_are_usage_errors()
    {
        var unknown = await _run.RunAsync("Test --generate-configuration travis", new SampleBuild());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--generate-configuration travis: expected gitlab, jenkins or circleci.", unknown.Stderr);

        var alone = await _run.RunAsync("--invoked-targets Test", new SampleBuild());
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--invoked-targets names the targets of a generated CI file", alone.Stderr);
    }

    [Fact]
    public async Task Help_documents_the_option()
    {
        var result = await _run.RunAsync("--help", new SampleBuild());
        result = result with { Stdout = System.Text.RegularExpressions.Regex.Replace(result.Stdout, @"\s+", " ") };   // the sentences, not how they wrap
        Assert.Contains("--generate-configuration <ci>", result.Stdout);
        Assert.Contains("gitlab, jenkins or circleci: write .gitlab-ci.yml, Jenkinsfile or .circleci/config.yml", result.Stdout);
        Assert.Contains("--invoked-targets <targets...>", result.Stdout);
        Assert.Contains("A file that differs is kept unless --overwrite.", result.Stdout);
    }
}
