namespace Pipelines.Targets;

/// <summary>Everything a target may need from the run: where it is, which CI host runs it, where to
/// write logs (stderr) and results (stdout), the environment it runs in. Targets read the process's environment variables
/// and working directory here, never from <see cref="System.Environment"/> or <see cref="Directory.GetCurrentDirectory"/>:
/// the runner reads them once, from where it reads the <c>PIPELINES_*</c> variables (<see cref="RunnerSettings"/>), so a
/// test or a host that gives the runner an environment gives it to every target.</summary>
public sealed class BuildContext
{
    internal BuildContext(string rootDirectory, string settingsDirectory, CiHost host, Log log, TextWriter results,
        IReadOnlyList<string> invokedTargets, string workingDirectory, IReadOnlyDictionary<string, string> environmentVariables)
    {
        WorkingDirectory = workingDirectory;
        EnvironmentVariables = environmentVariables;
        RootDirectory = rootDirectory;
        SettingsDirectory = settingsDirectory;
        Host = host;
        Log = log;
        Results = results;
        InvokedTargets = invokedTargets;
    }

    /// <summary>The folder that holds the settings folder (<c>.nuke/</c> or <c>.pipelines/</c>).</summary>
    public string RootDirectory { get; }

    public string SettingsDirectory { get; }

    /// <summary>The folder the run started in (<see cref="RunnerSettings.WorkingDirectory"/>, else the process's): relative paths
    /// the user gave are relative to it. The root may be above it.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The environment variables of the run (<see cref="RunnerSettings.Environment"/>, else the process's, without
    /// build.sh's runtime settings): the same the runner reads the <c>PIPELINES_*</c> variables and CI facts from.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; }

    /// <summary><c>&lt;settings&gt;/temp</c>: caches and generated files, never committed.</summary>
    public string TempDirectory => Path.Combine(SettingsDirectory, "temp");

    public CiHost Host { get; }

    public Log Log { get; }

    /// <summary>Standard output, for a target's result only (so <c>--output json</c> prints nothing else). Secrets masked.</summary>
    public TextWriter Results { get; }

    /// <summary>How wide a line of <see cref="Results"/> may be: the terminal's when it goes to one, else <c>COLUMNS</c>, else 120.</summary>
    public int ResultsWidth => Output.TerminalWidth.Of(Results, EnvironmentVariables);

    public IReadOnlyList<string> InvokedTargets { get; }

    /// <summary>Cancelled when the running target passes its deadline (<see cref="TargetSet.TargetDeadline"/>): stop, and
    /// give up what is held. Never cancelled for a target without one.</summary>
    public CancellationToken Stopping { get; internal set; }

    internal string? ClosingLine { get; private set; }

    /// <summary>A line printed after the summary, as the run's very last line (e.g. <c>12 passed, 0 failed</c>).</summary>
    public void SetClosingLine(string line) => ClosingLine = line;
}
