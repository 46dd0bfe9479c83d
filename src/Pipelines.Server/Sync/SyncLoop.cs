using Pipelines.Diagnostics;
using Pipelines.ReleaseManager;
using Pipelines.Server.Automation;
using Pipelines.Server.Health;
using Pipelines.Server.Metrics;

namespace Pipelines.Server.Sync;

/// <summary>
/// <c>--sync-interval</c>: on the leader, every interval, each environment with a cluster is compared with the config
/// repo and, when a live image drifted or a workload is missing, re-applied as <c>Sync</c> does (never pruned). What it
/// found is logged, kept for <c>GET /api/environments/{env}/drift</c> and counted in <c>/metrics</c>; a failure is a
/// health problem of <c>sync of &lt;env&gt;</c> and is tried again at the next interval.
/// </summary>
public sealed class SyncLoop(SerializedOperations operations, ServiceHealth health, ServerMetrics metrics, DriftRecords records, ILog log, TimeSpan interval)
{
    private long _rounds;

    /// <summary>Rounds finished as the leader (every environment looked at once).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    public Func<bool> Leading { get; init; } = () => true;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken);
                if (!Leading()) continue;
                await RoundAsync(cancellationToken);
                Interlocked.Increment(ref _rounds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; an apply cut short is completed by the next sync.
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Config.EnvironmentConfig> environments;
        try
        {
            environments = await operations.Reads.EnvironmentsAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warn($"Sync: cannot read the config repo ({e.Message}); trying again in {interval}.");
            return;
        }
        foreach (var environment in environments)
        {
            var source = $"sync of {environment.Name}";
            try
            {
                var report = await operations.RunExclusiveAsync((o, ct) => o.SyncIfDriftedAsync(environment.Name, ct), cancellationToken);
                if (report is null) continue; // --apply false, or an environment its GitOps agent renders: nothing for Watch to apply
                records.Record(environment.Name, report);
                metrics.Synced(environment.Name, report.Corrected ? "corrected" : "clean", report.Drift.Images.Count + report.Drift.MissingInCluster.Count);
                Report(environment.Name, report);
                health.Recovered(source);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                metrics.Synced(environment.Name, "error", 0);
                health.Failed(source, e.Message, DateTimeOffset.UtcNow);
                log.Warn($"{source}: {e.Message} (trying again in {interval})");
            }
        }
    }

    private void Report(string environment, SyncReport report)
    {
        foreach (var drift in report.Drift.Images)
        {
            log.Warn($"Sync of {environment}: {drift.Workload} container {drift.Container} ran {drift.Live ?? "(no such container)"}, the config repo says {drift.Desired}; re-applied.");
        }
        foreach (var missing in report.Drift.MissingInCluster) log.Warn($"Sync of {environment}: {missing} was missing in the cluster; applied.");
        foreach (var extra in report.Drift.NotInGit) log.Info($"Sync of {environment}: {extra} is labelled for {environment} but not in the config repo (not pruned; Sync --prune deletes it).");
        if (report.Applied is { } applied)
        {
            log.Info($"Sync of {environment} at {report.Drift.Commit?[..7]}: {applied.Count(a => a.Action == Kubernetes.ApplyAction.Created)} created, " +
                $"{applied.Count(a => a.Action == Kubernetes.ApplyAction.Configured)} configured, {applied.Count(a => a.Action == Kubernetes.ApplyAction.Unchanged)} unchanged.");
        }
        else
        {
            log.Debug($"Sync of {environment}: no drift.");
        }
    }
}
