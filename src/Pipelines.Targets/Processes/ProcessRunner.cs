using System.Diagnostics;

namespace Pipelines.Targets;

/// <summary>Runs a program, streaming each line of its output to the log as it comes (masked like every
/// other line), and returns its exit code. Arguments are passed as a list, never through a shell.</summary>
public static class ProcessRunner
{
    public static async Task<int> RunAsync(string fileName, IEnumerable<string> arguments, Action<string> onLine,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var gate = new Lock();
        void Forward(string? line)
        {
            if (line is null) return;
            lock (gate) onLine(line);
        }
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildFailure($"Could not start '{fileName}': {e.Message}. Is it installed and on PATH?");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit(); // drains the output events
        return process.ExitCode;
    }
}
