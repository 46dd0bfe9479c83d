using Pipelines.Kubernetes;

namespace Pipelines.Server.Ui.Progress;

/// <summary>
/// Looks at the rollouts a run applied, twice a second until the run ends, and adds each new state to the run as a
/// <c>progress</c> event (<c>2/3 updated, 1 available</c>), so the report page shows the rollout moving rather than a
/// spinner. Only reads; the run's own waiter decides success or failure.
/// </summary>
internal static class RolloutWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(5);

    public static async Task FollowAsync(LiveRun run, IEnvironmentCluster cluster, IReadOnlyList<string> workloads, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!run.Finished && !cancellationToken.IsCancellationRequested)
        {
            foreach (var id in workloads)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(ReadDeadline);
                string text;
                try
                {
                    var live = await cluster.GetAsync(id, deadline.Token);
                    text = live is null ? $"{id}: not in the cluster yet" : $"{id}: {live.Rollout.Progress} — {live.Rollout.Message}";
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // A missed look is no news: the run's waiter reads the rollout too, and reports what it could not read.
                    text = $"{id}: could not read the rollout ({e.Message})";
                }
                if (last.GetValueOrDefault(id) != text) run.Add("progress", last[id] = text);
            }
            var (_, finished, changed) = run.Since(int.MaxValue - 1);
            if (finished) return;
            try
            {
                await Task.WhenAny(changed, Task.Delay(Interval, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
