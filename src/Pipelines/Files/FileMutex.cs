namespace Pipelines.Files;

/// <summary>
/// An OS file lock between processes on one machine (on Linux .NET takes it with flock, so the kernel
/// releases it when a process dies — a crashed holder never leaves it held).
/// </summary>
internal sealed class FileMutex : IDisposable
{
    private readonly FileStream _stream;

    private FileMutex(FileStream stream) => _stream = stream;

    public static async Task<FileMutex> AcquireAsync(string path, TimeSpan timeout, Action<TimeSpan>? waiting = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = DateTime.UtcNow;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new FileMutex(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (DateTime.UtcNow - started < timeout)
            {
                var waited = DateTime.UtcNow - started;
                if (waiting is not null && waited - lastReport >= TimeSpan.FromSeconds(5))
                {
                    lastReport = waited;
                    waiting(waited);
                }
                // Short: the lock changes hands between jobs many times a second when they queue for the git lock.
                await Task.Delay(Random.Shared.Next(5, 25), cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Could not lock {path} within {timeout.TotalSeconds:0}s: another process holds it ({e.Message}).");
            }
        }
    }

    /// <summary>What the holders of this lock wrote into its file (a note from one holder to the next).</summary>
    public string ReadText()
    {
        _stream.Position = 0;
        return new StreamReader(_stream, leaveOpen: true).ReadToEnd();
    }

    public void WriteText(string text)
    {
        _stream.SetLength(0);
        using (var writer = new StreamWriter(_stream, leaveOpen: true)) writer.Write(text);
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();
}
