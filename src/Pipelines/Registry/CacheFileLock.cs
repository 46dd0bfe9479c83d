namespace Pipelines.Registry;

/// <summary>
/// The registry cache's lock between processes of one machine: an OS file lock (flock on Linux, so a process that dies
/// leaves it free). Held only while the cache file is merged and replaced, a few milliseconds.
/// </summary>
internal static class CacheFileLock
{
    public static async Task<IDisposable> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e)
            {
                if (DateTime.UtcNow - started >= timeout)
                    throw new IOException($"Another process held the registry cache lock {path} for {timeout.TotalSeconds:0} s; if it is stuck, end it.", e);
                await Task.Delay(Random.Shared.Next(5, 25), ct);
            }
        }
    }
}
