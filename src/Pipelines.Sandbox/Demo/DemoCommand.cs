using System.Diagnostics;
using Pipelines.Sandbox.Local;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Demo;

/// <summary>The result of one command the demo ran, as a user would have typed it.</summary>
public sealed record CommandRun(string Shown, int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs the same build program the way a user runs <c>./build.sh</c>, with <c>--profile sandbox</c>, as a
/// separate process: the demo shows the real commands doing the real work, not library calls.
/// </summary>
public sealed class DemoCommand(SandboxPaths paths, Log log)
{
    public async Task<CommandRun> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, bool echoStdout = true)
    {
        var shown = "./build.sh " + string.Join(' ', arguments.Select(ShellWord.Quote)) + " --profile sandbox";
        log.Info("  $ " + shown);
        var started = Stopwatch.GetTimestamp();
        var (exitCode, stdout, stderr) = await StartAsync(arguments, environment);
        var run = new CommandRun(shown, exitCode, stdout, stderr, Stopwatch.GetElapsedTime(started));
        if (echoStdout) foreach (var line in stdout) log.Info("    " + line);
        if (!run.Succeeded)
        {
            foreach (var line in stderr.Where(l => l.Trim().Length > 0 && !l.StartsWith('━') && !l.StartsWith('═') && !l.StartsWith('─')).TakeLast(12)) log.Info("    ! " + line);
        }
        return run;
    }

    /// <summary>Starts several commands at once, as CI jobs on different machines would.</summary>
    public async Task<IReadOnlyList<CommandRun>> RunConcurrentlyAsync(IReadOnlyList<IReadOnlyList<string>> commands)
    {
        foreach (var arguments in commands) log.Info("  $ ./build.sh " + string.Join(' ', arguments.Select(ShellWord.Quote)) + " --profile sandbox &");
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(commands.Select(arguments => StartAsync(arguments, null)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return results.Select((r, i) => new CommandRun("./build.sh " + string.Join(' ', commands[i].Select(ShellWord.Quote)), r.ExitCode, r.Stdout, r.Stderr, elapsed)).ToList();
    }

    private async Task<(int ExitCode, List<string> Stdout, List<string> Stderr)> StartAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        var (program, prefix) = LocalSandbox.SelfCommand();
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = paths.RootDirectory };
        foreach (var argument in prefix.Concat(arguments).Concat(["--profile", "sandbox", "--root", paths.RootDirectory, "--no-logo"])) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = new List<string>();
        var stderr = new List<string>();
        var reading = Task.WhenAll(ReadLinesAsync(process.StandardOutput, stdout), ReadLinesAsync(process.StandardError, stderr));
        await process.WaitForExitAsync();
        await reading;
        return (process.ExitCode, stdout, stderr);
    }

    private static async Task ReadLinesAsync(StreamReader reader, List<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line) lines.Add(line);
    }
}
