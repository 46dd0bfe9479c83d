using Pipelines.Targets;

namespace Pipelines.Tests.ProductTargets;

/// <summary>Runs product targets through the real runner in-process, as `./build.sh` would, capturing stdout and stderr.</summary>
internal sealed class TargetHarness : IDisposable
{
    public TargetHarness()
    {
        Root = Directory.CreateTempSubdirectory("pipelines-targets-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; } = new() { ["NO_COLOR"] = "1", ["USER"] = "tester" };

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, params TargetSet[] sets)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await Runner.RunAsync(args, new RunnerSettings
        {
            SettingsFolder = ".nuke",
            ToolName = "./build.sh",
            Stdout = stdout,
            Stderr = stderr,
            Environment = Environment,
            WorkingDirectory = Root,
            StderrIsTerminal = false,
        }, sets);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
