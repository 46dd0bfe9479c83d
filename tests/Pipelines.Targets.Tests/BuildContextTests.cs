using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary>The process's environment variables and working directory reach targets only through the runner's context,
/// which takes them from where the runner reads its own (<see cref="RunnerSettings"/>): a test's injected ones here.</summary>
public class BuildContextTests : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class ContextSet : TargetSet
    {
        [Parameter("A flavour.")] public string? Flavour { get; set; }

        public string? WorkingDirectory { get; private set; }
        public string? Variable { get; private set; }
        public IReadOnlyDictionary<string, string>? Variables { get; private set; }

        protected override IEnumerable<string> ParameterProblems()
        {
            if (Context.EnvironmentVariables.ContainsKey("REFUSE")) yield return "REFUSE is set; unset it.";
        }

        public Target Look => _ => _.Executes(() =>
        {
            WorkingDirectory = Context.WorkingDirectory;
            Variable = Context.EnvironmentVariables.GetValueOrDefault("BUILD_FLAVOUR");
            Variables = Context.EnvironmentVariables;
        });
    }

    [Fact]
    public async Task The_context_gives_targets_the_runners_environment_variables_and_working_directory()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_run.Root, "src", "app")).FullName;
        _run.WorkingDirectory = folder;
        _run.Environment["BUILD_FLAVOUR"] = "from-the-runner";
        var set = new ContextSet();

        var result = await _run.RunAsync("Look --no-logo", set);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(folder, set.WorkingDirectory);
        Assert.Equal(_run.Root, set.Context.RootDirectory); // found upward from the working directory
        Assert.Equal("from-the-runner", set.Variable);
        Assert.Equal(_run.Environment.OrderBy(e => e.Key), set.Variables!.OrderBy(e => e.Key)); // the injected ones, not the process's
    }

    [Fact]
    public async Task ParameterProblems_may_read_the_context()
    {
        _run.Environment["REFUSE"] = "1";
        var set = new ContextSet();
        var result = await _run.RunAsync("Look", set);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: REFUSE is set; unset it.", result.Stderr);
        Assert.Null(set.WorkingDirectory);
    }

    [Fact]
    public async Task Settings_file_errors_name_the_file_relative_to_the_runners_working_directory()
    {
        _run.WriteSettings("parameters.json", """{ "Flavor": "x" }""");
        var result = await _run.RunAsync("Look", new ContextSet());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: .nuke/parameters.json: unknown parameter \"Flavor\". Did you mean \"Flavour\"?", result.Stderr);
    }
}
