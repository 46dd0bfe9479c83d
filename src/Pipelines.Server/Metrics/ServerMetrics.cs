using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Pipelines.Registry;
using Pipelines.Releases;

namespace Pipelines.Server.Metrics;

/// <summary>
/// The counters <c>/metrics</c> shows in Prometheus' text format: operations by action and result, registry requests by
/// method and status (from the registry client's meter), and the time spent waiting for the global lock.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    private readonly ConcurrentDictionary<(string Action, string Result), long> _operations = new();
    private readonly ConcurrentDictionary<(string Method, string Status), long> _registryRequests = new();
    private readonly ConcurrentDictionary<string, long> _notifications = new();
    private readonly ConcurrentDictionary<(string Environment, string Result), long> _syncs = new();
    private readonly ConcurrentDictionary<string, long> _driftCorrected = new();
    private readonly MeterListener _listener = new();
    private long _lockWaitTicks;
    private long _lockWaits;

    public ServerMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RegistryMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string method = "", status = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "method") method = tag.Value?.ToString() ?? "";
                else if (tag.Key == "status") status = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            }
            _registryRequests.AddOrUpdate((method, status), value, (_, n) => n + value);
        });
        _listener.Start();
    }

    /// <summary>One finished operation: <c>success</c> (committed), <c>failed</c> (a workload failed), <c>unchanged</c> (nothing to commit) or <c>error</c>.</summary>
    public void Operation(ReleaseAction action, string result) =>
        _operations.AddOrUpdate((action.ToString().ToLowerInvariant(), result), 1, (_, n) => n + 1);

    public void Operation(ReleaseReport report) =>
        Operation(report.Action, report.AnyFailed ? "failed" : report.Pushed ? "success" : "unchanged");

    /// <summary>One notification to one URL: <c>delivered</c> or <c>failed</c> (after its retries).</summary>
    public void Notification(string result) => _notifications.AddOrUpdate(result, 1, (_, n) => n + 1);

    /// <summary>One interval sync of an environment: <c>clean</c>, <c>corrected</c> (with how many drifted containers and missing workloads) or <c>error</c>.</summary>
    public void Synced(string environment, string result, int drifted)
    {
        _syncs.AddOrUpdate((environment, result), 1, (_, n) => n + 1);
        if (result == "corrected") _driftCorrected.AddOrUpdate(environment, drifted, (_, n) => n + drifted);
    }

    /// <summary>Whether this replica leads now (<c>pipelines_leader</c>); unset: always.</summary>
    public Func<bool> Leading { get; set; } = () => true;

    public void LockWaited(TimeSpan waited)
    {
        Interlocked.Add(ref _lockWaitTicks, waited.Ticks);
        Interlocked.Increment(ref _lockWaits);
    }

    public string Prometheus()
    {
        var text = new StringBuilder();
        text.Append("# HELP pipelines_operations_total Releases, rollbacks, promotions and policy changes by result.\n# TYPE pipelines_operations_total counter\n");
        foreach (var ((action, result), count) in _operations.OrderBy(o => o.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"pipelines_operations_total{{action=\"{action}\",result=\"{result}\"}} {count}\n");
        }
        text.Append("# HELP pipelines_registry_requests_total HTTP requests answered by registries.\n# TYPE pipelines_registry_requests_total counter\n");
        foreach (var ((method, status), count) in _registryRequests.OrderBy(o => o.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"pipelines_registry_requests_total{{method=\"{method}\",status=\"{status}\"}} {count}\n");
        }
        text.Append("# HELP pipelines_notifications_total Notifications posted to --notify-url, by result (failed: after retries).\n# TYPE pipelines_notifications_total counter\n");
        foreach (var (result, count) in _notifications.OrderBy(o => o.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"pipelines_notifications_total{{result=\"{result}\"}} {count}\n");
        }
        text.Append("# HELP pipelines_syncs_total Interval syncs (--sync-interval) by environment and result.\n# TYPE pipelines_syncs_total counter\n");
        foreach (var ((environment, result), count) in _syncs.OrderBy(o => o.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"pipelines_syncs_total{{environment=\"{environment}\",result=\"{result}\"}} {count}\n");
        }
        text.Append("# HELP pipelines_drift_corrected_total Drifted containers and missing workloads an interval sync re-applied.\n# TYPE pipelines_drift_corrected_total counter\n");
        foreach (var (environment, count) in _driftCorrected.OrderBy(o => o.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"pipelines_drift_corrected_total{{environment=\"{environment}\"}} {count}\n");
        }
        text.Append("# HELP pipelines_leader 1 when this replica leads (runs automation and interval syncs), 0 when it follows.\n# TYPE pipelines_leader gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"pipelines_leader {(Leading() ? 1 : 0)}\n");
        text.Append("# HELP pipelines_lock_wait_seconds Time spent waiting for the global lock.\n# TYPE pipelines_lock_wait_seconds summary\n");
        text.Append(CultureInfo.InvariantCulture, $"pipelines_lock_wait_seconds_sum {TimeSpan.FromTicks(Interlocked.Read(ref _lockWaitTicks)).TotalSeconds:0.######}\n");
        text.Append(CultureInfo.InvariantCulture, $"pipelines_lock_wait_seconds_count {Interlocked.Read(ref _lockWaits)}\n");
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
