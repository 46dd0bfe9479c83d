using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pipelines.Sandbox.Local;

/// <summary>
/// A background process that outlives the command that started it: run under <c>setsid</c> (so it leads
/// its own process group, and a Ctrl+C in the terminal does not reach it), output appended to a log file.
/// Stopping signals the whole group, so children (containerd under dockerd) go too.
/// </summary>
public static class DetachedProcess
{
    /// <returns>The process id, which is also its process group id.</returns>
    public static int Start(string program, IReadOnlyList<string> arguments, string logFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        // sh -c 'exec "$@"': the shell becomes the program, with stdio on the log and no terminal.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "sh", "-c", $"exec \"$@\" >>'{logFile}' 2>&1 </dev/null", "sh", program }.Concat(arguments)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        return process.Id;
    }

    public static bool IsAlive(int pid) => pid > 0 && Kill(pid, 0) == 0 && !IsZombie(pid);

    /// <summary>SIGTERM to the group, then SIGKILL to whatever is left after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(int pid, TimeSpan grace)
    {
        if (!IsAlive(pid)) return;
        Kill(-pid, Sigterm);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline && IsAlive(pid)) await Task.Delay(100);
        Kill(-pid, Sigkill);
        Kill(pid, Sigkill);
        for (var i = 0; i < 50 && IsAlive(pid); i++) await Task.Delay(100);
    }

    public static void KillGroup(int pid) => Kill(-pid, Sigkill);

    // A child of ours that exited but was not reaped still answers kill(0); /proc says it is a zombie.
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    private const int Sigterm = 15;
    private const int Sigkill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
