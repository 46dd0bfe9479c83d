namespace Pipelines.Locking;

/// <summary>
/// The jobs of this machine waiting in a machine queue (a file lock cannot say whether anyone waits for it): each
/// waiter leaves a file named after its process in a folder beside the queue file while it waits. The job giving up
/// the git lock asks <see cref="AnyWaiting"/> to choose between freeing the lock and holding it for the next job.
/// A waiter killed while waiting leaves its file behind; its process being gone, it is not counted, and removed.
/// </summary>
internal static class MachineQueueWaiters
{
    public static IDisposable Register(string queue)
    {
        var folder = Folder(queue);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.WriteAllBytes(file, []);
        return new Registration(file);
    }

    public static bool AnyWaiting(string queue)
    {
        var folder = Folder(queue);
        if (!Directory.Exists(folder)) return false;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (IsAlive(Path.GetFileName(file))) return true;
            TryDelete(file);
        }
        return false;
    }

    private static string Folder(string queue) => queue + ".waiting";

    private static bool IsAlive(string name)
    {
        if (!int.TryParse(name.Split('-')[0], out var pid)) return false;
        if (pid == Environment.ProcessId) return true;
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}"); // what Process would read, without loading it
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // another job cleaned it up
        }
    }

    private sealed class Registration(string file) : IDisposable
    {
        public void Dispose() => TryDelete(file);
    }
}
