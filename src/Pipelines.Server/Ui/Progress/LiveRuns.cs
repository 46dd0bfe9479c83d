namespace Pipelines.Server.Ui.Progress;

/// <summary>
/// The runs started from this process's web UI, by release id: running ones, and the last finished ones (their report pages
/// show the steps and the rollout results, which git does not keep). Older reports are read back from history.
/// </summary>
public sealed class LiveRuns(int keepFinished = 100)
{
    private readonly LinkedList<LiveRun> _runs = new();
    private readonly List<Task> _tasks = [];

    /// <summary>Keeps <paramref name="run"/> and runs <paramref name="work"/> in the background.</summary>
    public void Start(LiveRun run, Func<Task> work)
    {
        lock (_runs)
        {
            _runs.AddFirst(run);
            while (_runs.Count > keepFinished && _runs.LastOrDefault(r => r.Finished) is { } oldest) _runs.Remove(oldest);
            Track(work);
        }
    }

    /// <summary>Runs background work that belongs to a run (following its rollout), so that stopping waits for it too.</summary>
    public void Track(Func<Task> work)
    {
        lock (_runs)
        {
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(Task.Run(work));
        }
    }

    public LiveRun? Find(string release)
    {
        lock (_runs) return _runs.FirstOrDefault(r => r.Release == release);
    }

    /// <summary>Waits for the runs still going (the service is stopping: they were cancelled).</summary>
    public Task DrainAsync()
    {
        lock (_runs) return Task.WhenAll(_tasks);
    }
}
