using Pipelines.Cli;
using Pipelines.Targets;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Tests.Ci;

/// <summary>
/// <c>pipelines --generate-configuration</c> over the product's own target sets, for each stage's targets:
/// the GitLab and CircleCI files parse as YAML with their system's structure, and no file carries a secret's
/// value, only its binding from the secret store.
/// </summary>
public sealed class GeneratedCiConfigurationTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("pipelines-generated-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    public static TheoryData<string, string> Stages => new()
    {
        { "BuildImage PushImage SetImage", "--repository r.example.com/shop/front-end --service front-end" },
        { "BuildImage PushImage UpdateConfigRepo", "--repository r.example.com/shop/front-end --config-repo git://g.example.com/config --environment staging --service front-end" },
        { "Release", "--config-repo git://g.example.com/config --environment staging --automated" },
    };

    [Theory, MemberData(nameof(Stages))]
    public async Task Generated_gitlab_ci_yml_parses_with_a_stage_a_job_and_the_parameters_as_variables(string targets, string parameters)
    {
        var config = await GenerateYamlAsync("gitlab", targets, parameters, ".gitlab-ci.yml");

        var stages = ((YamlSequenceNode)config.Get("stages")!).Select(s => s.Text()).ToList();
        var job = config.Get("pipelines")!;
        Assert.Contains(job.Get("stage").Text(), stages);
        var script = ((YamlSequenceNode)job.Get("script")!).Select(s => s.Text()).ToList();
        Assert.StartsWith("[ -x .tools/pipelines ] || dotnet tool install Pipelines.Tool --version ", script[0]);
        Assert.Equal($".tools/pipelines {targets}", script[^1]);
        Assert.Equal(ExpectedVariables(parameters), Variables(config.Get("variables")));
    }

    [Theory, MemberData(nameof(Stages))]
    public async Task Generated_circleci_config_parses_with_a_job_and_a_workflow_attaching_the_secrets_context(string targets, string parameters)
    {
        var config = await GenerateYamlAsync("circleci", targets, parameters, Path.Combine(".circleci", "config.yml"));

        Assert.Equal("2.1", config.Get("version").Text());
        Assert.NotNull(config.Get("jobs")!.Get("pipelines")!.Get("machine"));
        var workflowJob = Assert.Single((YamlSequenceNode)config.Get("workflows")!.Get("pipelines")!.Get("jobs")!);
        Assert.Equal(["pipelines"], ((YamlSequenceNode)workflowJob.Get("pipelines")!.Get("context")!).Select(c => c.Text()));
        var steps = CiTemplates.CircleCiShellStepsOf(Path.Combine(_repo, ".circleci", "config.yml"), "pipelines");
        Assert.Equal($".tools/pipelines {targets}", steps[^1].Trim());
        Assert.Equal(ExpectedVariables(parameters), Variables(config.Get("jobs")!.Get("pipelines")!.Get("environment")));
    }

    [Fact]
    public async Task Generated_jenkinsfile_binds_the_registry_password_and_git_token_and_never_holds_a_secret_value()
    {
        var result = await GenerateAsync("jenkins", "BuildImage PushImage UpdateConfigRepo",
            "--config-repo git://g.example.com/config --environment staging --service front-end --git-token tok3n-value-123");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = File.ReadAllText(Path.Combine(_repo, "Jenkinsfile"));
        Assert.Contains("string(credentialsId: 'registry-password', variable: 'REGISTRY_PASSWORD')", text);
        Assert.Contains("string(credentialsId: 'git-token', variable: 'GIT_TOKEN')", text);
        Assert.Contains("PIPELINES_CONFIG_REPO = 'git://g.example.com/config'", text);
        Assert.DoesNotContain("tok3n-value-123", text + result.Stderr);
        Assert.Equal(".tools/pipelines BuildImage PushImage UpdateConfigRepo", CiTemplates.JenkinsShellStepsOf(Path.Combine(_repo, "Jenkinsfile"))[^1].Trim());
    }

    // `--name value` given while generating becomes PIPELINES_NAME: value; a bare flag, "true".
    private static Dictionary<string, string> ExpectedVariables(string parameters) =>
        parameters.Split("--", StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().Split(' ')).ToDictionary(
            words => "PIPELINES_" + words[0].Replace('-', '_').ToUpperInvariant(), words => words.Length > 1 ? words[1] : "true");

    private static Dictionary<string, string> Variables(YamlNode? mapping) =>
        ((YamlMappingNode)mapping!).Children.ToDictionary(c => c.Key.Text()!, c => c.Value.Text()!);

    private async Task<YamlMappingNode> GenerateYamlAsync(string system, string targets, string parameters, string file)
    {
        var result = await GenerateAsync(system, targets, parameters);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return CiTemplates.YamlOf(Path.Combine(_repo, file));
    }

    // The packaged tool's composition (src/Pipelines.Tool/Program.cs), run in-process.
    private async Task<(int ExitCode, string Stderr)> GenerateAsync(string system, string targets, string parameters)
    {
        var stderr = new StringWriter();
        var args = $"{targets} --generate-configuration {system} {parameters} --overwrite".Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var exitCode = await Runner.RunAsync(args, new RunnerSettings
        {
            SettingsFolder = ".pipelines",
            ToolName = "pipelines",
            WorkingDirectoryIsDefaultRoot = true,
            WorkingDirectory = _repo,
            Environment = new Dictionary<string, string>(),
            Stdout = new StringWriter(),
            Stderr = stderr,
            CiTool = new CiToolInvocation(".tools/pipelines", ["[ -x .tools/pipelines ] || dotnet tool install Pipelines.Tool --version 0.1.0 --tool-path .tools"]),
        }, new DockerTargets(), new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets());
        return (exitCode, stderr.ToString());
    }
}
