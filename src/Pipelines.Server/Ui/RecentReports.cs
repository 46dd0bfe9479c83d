using Pipelines.Releases;

namespace Pipelines.Server.Ui;

/// <summary>
/// The reports of the last operations run from the web UI, by release id, so that a button press can answer with a
/// redirect to its report page (reloading that page runs nothing again). Kept in memory; the oldest go first.
/// </summary>
public sealed class RecentReports(int capacity = 100)
{
    private readonly LinkedList<ReleaseReport> _reports = new();

    public void Add(ReleaseReport report)
    {
        lock (_reports)
        {
            _reports.AddFirst(report);
            while (_reports.Count > capacity) _reports.RemoveLast();
        }
    }

    public ReleaseReport? Find(string release)
    {
        lock (_reports) return _reports.FirstOrDefault(r => r.Release == release);
    }
}
