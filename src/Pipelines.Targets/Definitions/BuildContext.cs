namespace Pipelines.Targets;

/// <summary>Everything a target may need from the run: where it is, which CI host runs it, where to
/// write logs (stderr) and results (stdout).</summary>
public sealed class BuildContext
{
    internal BuildContext(string rootDirectory, string settingsDirectory, CiHost host, Log log, TextWriter results,
        IReadOnlyList<string> invokedTargets)
    {
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

    /// <summary><c>&lt;settings&gt;/temp</c>: caches and generated files, never committed.</summary>
    public string TempDirectory => Path.Combine(SettingsDirectory, "temp");

    public CiHost Host { get; }

    public Log Log { get; }

    /// <summary>Standard output, for a target's result only (so <c>--output json</c> prints nothing else). Secrets masked.</summary>
    public TextWriter Results { get; }

    public IReadOnlyList<string> InvokedTargets { get; }

    /// <summary>Cancelled when the running target passes its deadline (<see cref="TargetSet.TargetDeadline"/>): stop, and
    /// give up what is held. Never cancelled for a target without one.</summary>
    public CancellationToken Stopping { get; internal set; }

    internal string? ClosingLine { get; private set; }

    /// <summary>A line printed after the summary, as the run's very last line (e.g. <c>12 passed, 0 failed</c>).</summary>
    public void SetClosingLine(string line) => ClosingLine = line;
}
