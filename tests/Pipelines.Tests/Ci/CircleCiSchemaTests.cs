using Pipelines.Cli;
using Pipelines.Targets;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Ci;

/// <summary>
/// Every CircleCI config we ship or generate passes CircleCI's own config parser (npm
/// @circleci/circleci-config-parser 0.10.0-alpha.3, installed globally by .ci/run): its JSON schemas for jobs,
/// steps and workflows, and its check that workflows name existing jobs.
/// </summary>
public sealed class CircleCiSchemaTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pipelines-circleci-schema-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Template_passes_circleci_config_parser(string stage)
    {
        var (exitCode, output) = await ValidateAsync(CiTemplates.PathOf(stage, Path.Combine(".circleci", "config.yml")));
        Assert.True(exitCode == 0, output);
        Assert.EndsWith(": valid", output.Trim());
    }

    [Theory]
    [InlineData("BuildImage PushImage SetImage --repository r.example.com/shop/front-end --service front-end")]
    [InlineData("BuildImage PushImage UpdateConfigRepo --repository r.example.com/shop/front-end --config-repo git://g.example.com/config --environment staging --service front-end")]
    [InlineData("Release --config-repo git://g.example.com/config --environment staging --automated")]
    public async Task Generated_config_passes_circleci_config_parser(string commandLine)
    {
        var exitCode = await Runner.RunAsync([.. commandLine.Split(' '), "--generate-configuration", "circleci"], new RunnerSettings
        {
            SettingsFolder = ".pipelines", ToolName = "pipelines", WorkingDirectoryIsDefaultRoot = true, WorkingDirectory = _work,
            Environment = new Dictionary<string, string>(), Stdout = TextWriter.Null, Stderr = TextWriter.Null,
            CiTool = new CiToolInvocation(".tools/pipelines", ["[ -x .tools/pipelines ] || dotnet tool install Pipelines.Tool --version 0.1.0 --tool-path .tools"]),
        }, new DockerTargets(), new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets());
        Assert.Equal(0, exitCode);

        var (validated, output) = await ValidateAsync(Path.Combine(_work, ".circleci", "config.yml"));
        Assert.True(validated == 0, output);
    }

    [Theory]
    [InlineData("run", "deploy", "Job deploy not found in config")]
    [InlineData("rnu", "build", "Unknown native command: rnu")]
    public async Task The_parser_rejects_a_misspelt_step_and_a_workflow_naming_a_missing_job(string step, string workflowJob, string error)
    {
        var config = Path.Combine(_work, "broken.yml");
        File.WriteAllText(config, $$"""
            version: 2.1
            jobs:
              build:
                machine: { image: ubuntu-2204:current }
                steps:
                  - {{step}}: { command: make }
            workflows:
              main:
                jobs: [{{workflowJob}}]
            """);

        var (exitCode, output) = await ValidateAsync(config);

        Assert.Equal(1, exitCode);
        Assert.Contains(error, output);
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string configYml)
    {
        var root = await Shell.RunAsync("npm", ["root", "-g"], Path.GetTempPath());
        Assert.True(root.ExitCode == 0, root.Output);
        var script = Path.Combine(BuiltCli.RepositoryRoot, "tests", "Pipelines.Tests", "Ci", "validate-circleci-config.js");
        var result = await Shell.RunAsync("node", [script, configYml], Path.GetTempPath(), new Dictionary<string, string> { ["NODE_PATH"] = root.Output.Trim() });
        Assert.False(result.Output.Contains("Cannot find module", StringComparison.Ordinal),
            "@circleci/circleci-config-parser is not installed: .ci/run installs it (npm install -g @circleci/circleci-config-parser@0.10.0-alpha.3).\n" + result.Output);
        return result;
    }
}
