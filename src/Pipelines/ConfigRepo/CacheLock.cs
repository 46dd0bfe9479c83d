using System.Globalization;
using Pipelines.Diagnostics;
using Pipelines.Files;

namespace Pipelines.ConfigRepo;

/// <summary>
/// The file lock of an object cache, which processes of this machine take in turns to write it. The holder notes its
/// process id beside the lock, so that a process that waited too long can say who held the cache, and whether that
/// process is stopped (SIGSTOP, a debugger) rather than working.
/// </summary>
internal static class CacheLock
{
    public static async Task<FileMutex> AcquireAsync(string folder, RemoteUrl remote, TimeSpan timeout, ILog log, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "cache.lock");
        FileMutex mutex;
        try
        {
            mutex = await FileMutex.AcquireAsync(path, timeout,
                waited => log.Info($"Waiting for another process using the cache of {remote.Display} ({waited.TotalSeconds:0}s{Holder(folder)})"), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CacheBusyException(
                $"Another process on this machine used the cache of {remote.Display} ({folder}) for the whole --lock-timeout of {Seconds(timeout)}{Holder(folder)}, " +
                "so this run could not read or write the config repo and took no lock. If that process is stuck, end it; raise --lock-timeout to wait longer.");
        }
        try
        {
            File.WriteAllText(HolderFile(folder), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            // only for messages
        }
        return mutex;
    }

    private static string HolderFile(string folder) => Path.Combine(folder, "cache.lock.holder");

    // ": held by process 1234, which is stopped", from the note the holder left; empty when unknown.
    private static string Holder(string folder)
    {
        try
        {
            if (!int.TryParse(File.ReadAllText(HolderFile(folder)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return "";
            var state = OperatingSystem.IsLinux() && File.Exists($"/proc/{pid}/stat") ? ProcessState(File.ReadAllText($"/proc/{pid}/stat")) : null;
            return state is null ? $": last taken by process {pid}" : $": held by process {pid}, which is {state}";
        }
        catch (IOException)
        {
            return "";
        }
    }

    // /proc/<pid>/stat: "pid (comm) S …"; the state follows the last ')'.
    private static string? ProcessState(string stat)
    {
        var end = stat.LastIndexOf(')');
        return end < 0 || end + 2 >= stat.Length ? null : stat[end + 2] switch
        {
            'T' or 't' => "stopped (SIGSTOP or a debugger)",
            'Z' => "a zombie",
            'D' => "waiting on the disk",
            _ => "running",
        };
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0}s";
}

/// <summary>Another process of this machine held an object cache for the whole <c>--lock-timeout</c>.</summary>
internal sealed class CacheBusyException(string message) : Exception(message);
