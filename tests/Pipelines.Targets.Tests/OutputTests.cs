using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary>What users see, per host, snapshot-tested: a formatting change is a reviewed diff.</summary>
public class OutputTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    public static TheoryData<string, string> HostVariables => new()
    {
        { "Terminal", "" },
        { "Jenkins", "JENKINS_HOME" },
        { "GitLab", "GITLAB_CI" },
        { "CircleCI", "CIRCLECI" },
        { "GitHubActions", "GITHUB_ACTIONS" },
    };

    [Theory]
    [MemberData(nameof(HostVariables))]
    public async Task Run_output_per_host(string host, string variable)
    {
        if (variable.Length > 0) _run.Environment[variable] = "true";
        _run.Environment["NO_COLOR"] = ""; // CI logs render colour; snapshots stay readable without it
        var result = await _run.RunAsync("Deploy Test --environment staging --fail-deploy --skip Restore", new SampleBuild());
        Snapshot.Match(result.Stderr, $"Run.{host}");
    }

    [Fact]
    public async Task Colour_on_a_terminal()
    {
        _run.StderrIsTerminal = true;
        var result = await _run.RunAsync("Compile --no-logo", new SampleBuild());
        Snapshot.Match(result.Stderr.Replace("\u001b", "<ESC>"), "Run.Colour");
    }

    [Fact]
    public async Task No_colour_when_NO_COLOR_is_set_even_on_a_terminal()
    {
        _run.StderrIsTerminal = true;
        _run.Environment["NO_COLOR"] = "1";
        var result = await _run.RunAsync("Compile", new SampleBuild());
        Assert.DoesNotContain("\u001b", result.Stderr);
    }

    [Fact]
    public async Task Help()
    {
        _run.DefaultTarget = "Compile";
        var result = await _run.RunAsync("--help", new SampleBuild());
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
        Snapshot.Match(result.Stdout, "Help");
    }

    [Fact]
    public async Task Help_never_shows_a_secret_value()
    {
        _run.Environment["PIPELINES_REGISTRY_PASSWORD"] = "hunter2-secret";
        var result = await _run.RunAsync("--help", new SampleBuild());
        Assert.DoesNotContain("hunter2", result.Stdout);
        Assert.Contains("--registry-password <secret>", result.Stdout);
    }
}
