using Pipelines.Diagnostics;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Server.Health;

namespace Pipelines.Server.Automation;

/// <summary>
/// The Watch service's loop: every poll interval (or at once when a registry notification arrives) runs automation —
/// <c>Release --automated</c> — for every environment of the config repo. With nothing new in the registry that costs
/// tag lists and HEADs (the registry cache) and takes no lock. An outage (git, registry, cluster) is logged, recorded in
/// <see cref="ServiceHealth"/> and retried with backoff; the loop never stops until the service does. A dependency that
/// does not answer at all shows as degraded after one poll interval, before its call times out (<see cref="SlowAnswers"/>).
/// </summary>
public sealed class AutomationLoop(SerializedOperations operations, ServiceHealth health, ILog log, TimeSpan pollInterval, TimeProvider? clock = null)
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _cycles;
    private long _leadingCycles;

    /// <summary>Cycles finished so far (whether or not they succeeded).</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    /// <summary>Cycles that ran automation because this replica led (a follower's cycles only read the config repo).</summary>
    public long LeadingCycles => Interlocked.Read(ref _leadingCycles);

    /// <summary>Whether this replica leads now; a follower skips automation (leader election). Default: always.</summary>
    public Func<bool> Leading { get; init; } = () => true;

    /// <summary>Runs a cycle now instead of at the next poll (a registry push notification).</summary>
    public void Trigger(string why)
    {
        log.Info($"Automation: {why}; looking now.");
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A cycle is already due: one more look covers every push that arrived meanwhile.
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (the service stops), then returns quietly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                var ok = await CycleAsync(cancellationToken);
                Interlocked.Increment(ref _cycles);
                failures = ok ? 0 : failures + 1;
                await _wake.WaitAsync(RetryDelay.After(failures, pollInterval), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a cycle cut short commits nothing half-way (pushes are compare-and-swap) and the next start looks again.
        }
    }

    private async Task<bool> CycleAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Config.EnvironmentConfig> environments;
        try
        {
            environments = await health.WatchAsync("config repo", "The config repo's git server", pollInterval, () => operations.Reads.EnvironmentsAsync(cancellationToken), _clock);
            health.ConfigRead();
            health.Recovered("config repo");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed("config repo", e);
            return false;
        }
        // A follower has read the config repo (it is ready to serve the API) and leaves the rest to the leader.
        if (!Leading())
        {
            health.RecoveredAllBut("config repo", Election.Leadership.HealthSource); // the leader's problems are the leader's to report
            return true;
        }
        Interlocked.Increment(ref _leadingCycles);
        var ok = true;
        foreach (var environment in environments)
        {
            // A cluster that does not answer gets no release: its commit could not be applied until someone syncs.
            if (!await ClusterAnswersAsync(environment, cancellationToken))
            {
                ok = false;
                continue;
            }
            var source = $"automation of {environment.Name}";
            try
            {
                // Not watched as a whole: a release waits for rollouts, which take as long as they take. The registry's
                // requests are watched one by one instead (WatchServer), the config repo by the read above.
                var report = await operations.RunAsync(ReleaseAction.Release, (o, ct) => o.ReleaseAsync(
                    new OperationOptions(environment.Name) { Caller = Caller.Automation(null) },
                    new ReleaseRequest([], All: false, Exclude: [], Image: null, UpdateAllImages: false, Automated: true), ct), cancellationToken);
                if (report.Pushed) log.Info($"Automation released to {environment.Name}: commit {report.Commit![..7]} ({report.Release}).");
                // A failed rollout is not an outage: automation rolled it back and rejected the image.
                foreach (var failed in report.Results.Where(r => r.Status == WorkloadStatus.Failed)) log.Warn($"Automation: {failed.Workload} in {environment.Name}: {failed.Reason}");
                health.Recovered(source);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(source, e);
                ok = false;
            }
        }
        return ok;
    }

    private async Task<bool> ClusterAnswersAsync(Config.EnvironmentConfig environment, CancellationToken cancellationToken)
    {
        var source = $"cluster of {environment.Name}";
        try
        {
            await health.WatchAsync(source, "The cluster's API server", pollInterval, () => operations.Reads.CheckClusterAsync(environment, cancellationToken), _clock);
            health.Recovered(source);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(source, e);
            return false;
        }
    }

    private void Failed(string source, Exception e)
    {
        health.Failed(source, e.Message, _clock.GetUtcNow());
        log.Warn($"{source}: {e.Message} (retrying)");
    }
}
