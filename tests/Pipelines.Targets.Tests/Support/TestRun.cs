namespace Pipelines.Targets.Tests.Support;

/// <summary>Runs the real runner in-process, with its outside world (environment, folders, clock, writers) under the test's control.</summary>
internal sealed class TestRun : IDisposable
{
    public TestRun()
    {
        Root = Directory.CreateTempSubdirectory("pipelines-targets-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public string SettingsDirectory => Path.Combine(Root, ".nuke");

    public Dictionary<string, string> Environment { get; } = new();

    public string? DefaultTarget { get; set; }

    public bool StderrIsTerminal { get; set; }

    public TimeSpan DeadlineGrace { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> GroupOrder { get; set; } = [];

    /// <summary>Where the run starts (default: <see cref="Root"/>); the runner finds the root upward from it.</summary>
    public string? WorkingDirectory { get; set; }

    public void WriteSettings(string fileName, string json) => File.WriteAllText(Path.Combine(SettingsDirectory, fileName), json);

    public async Task<Result> RunAsync(string commandLine, params TargetSet[] sets) =>
        await RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), sets);

    public async Task<Result> RunAsync(string[] args, params TargetSet[] sets)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await Runner.RunAsync(args, new RunnerSettings
        {
            SettingsFolder = ".nuke",
            ToolName = "./build.sh",
            DefaultTarget = DefaultTarget,
            Stdout = stdout,
            Stderr = stderr,
            Environment = Environment,
            WorkingDirectory = WorkingDirectory ?? Root,
            Clock = new StepClock(),
            StderrIsTerminal = StderrIsTerminal,
            DeadlineGrace = DeadlineGrace,
            GroupOrder = GroupOrder,
        }, sets);
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stderr.TrimEnd('\n').Split('\n')[^1];
    }
}
