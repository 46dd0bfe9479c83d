using YamlDotNet.RepresentationModel;

namespace Pipelines.Tests.Ci;

/// <summary>Each template is valid YAML (GitLab, CircleCI) or a declarative Jenkinsfile with the shape its
/// system expects, installs the tool, runs its stage's targets, and takes secrets from the secret store.</summary>
public sealed class CiTemplateStructureTests
{
    public static TheoryData<string, string> StageTargets => new()
    {
        { "v1", "SetImage" },
        { "v2", "UpdateConfigRepo" },
        { "v3", "Release --environment staging --automated" },
    };

    [Theory, MemberData(nameof(StageTargets))]
    public void GitLab_template_has_stages_rules_and_runs_the_targets(string stage, string target)
    {
        var config = CiTemplates.Yaml(stage, ".gitlab-ci.yml");
        var stages = ((YamlSequenceNode)config.Get("stages")!).Select(s => s.Text()).ToList();
        var jobs = config.Children.Where(c => c.Value.Get("script") is not null && !c.Key.Text()!.StartsWith('.')).ToList();

        Assert.NotEmpty(jobs);
        Assert.All(jobs, job => Assert.Contains(job.Value.Get("stage").Text(), stages));
        Assert.Contains(jobs, job => job.Value.Get("rules") is YamlSequenceNode);
        var scripts = string.Join('\n', config.Children.SelectMany(c => new[] { c.Value.Get("before_script"), c.Value.Get("script") })
            .OfType<YamlSequenceNode>().SelectMany(s => s).Select(s => s.Text()));
        Assert.Contains("dotnet tool install Pipelines.Tool --tool-path .tools --add-source \"$PIPELINES_FEED\"", scripts);
        Assert.Contains("BuildImage PushImage", scripts);
        Assert.Contains(target, scripts);
        Assert.DoesNotContain("PASSWORD=", scripts);   // secrets come from masked variables, never the file
    }

    [Theory, MemberData(nameof(StageTargets))]
    public void CircleCi_template_has_jobs_and_workflows_with_contexts(string stage, string target)
    {
        var config = CiTemplates.Yaml(stage, Path.Combine(".circleci", "config.yml"));
        var jobs = (YamlMappingNode)config.Get("jobs")!;

        Assert.Equal("2.1", config.Get("version").Text());
        var workflowJobs = ((YamlMappingNode)config.Get("workflows")!).Children.Values
            .SelectMany(w => (YamlSequenceNode)w.Get("jobs")!).Cast<YamlMappingNode>().SelectMany(j => j.Children).ToList();
        Assert.All(workflowJobs, j => Assert.True(jobs.Children.ContainsKey(j.Key), $"workflow names unknown job {j.Key}"));
        Assert.All(workflowJobs, j => Assert.Contains("registry", ((YamlSequenceNode)j.Value.Get("context")!).Select(c => c.Text())));
        var commands = jobs.Children.Keys.SelectMany(job => CiTemplates.CircleCiShellSteps(stage, job.Text()!)).ToList();
        Assert.Contains(commands, c => c.Contains("dotnet tool install Pipelines.Tool --tool-path .tools", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("BuildImage PushImage", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains(target, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v1", "SetImage")]
    [InlineData("v2", "UpdateConfigRepo")]
    [InlineData("v3", "BuildImage PushImage")]
    public void Jenkinsfile_is_declarative_and_binds_credentials_to_the_variables_pipelines_reads(string stage, string target)
    {
        var text = File.ReadAllText(CiTemplates.PathOf(stage, "Jenkinsfile"));
        var steps = CiTemplates.JenkinsShellSteps(stage);

        Assert.StartsWith("pipeline {", text[text.IndexOf("pipeline {", StringComparison.Ordinal)..]);
        Assert.Contains("stages {", text);
        Assert.Contains("passwordVariable: 'REGISTRY_PASSWORD'", text);
        if (stage == "v2") Assert.Contains("string(credentialsId: 'config-repo-token', variable: 'GIT_TOKEN')", text);
        Assert.Contains("dotnet tool install Pipelines.Tool", steps[0]);
        Assert.Contains(steps, s => s.Contains(target, StringComparison.Ordinal));
        Assert.DoesNotContain("sh \"", text);   // Groovy interpolation would put secrets into the script text
    }
}
