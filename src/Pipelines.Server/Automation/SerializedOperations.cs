using Pipelines.Faults;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Server.Metrics;

namespace Pipelines.Server.Automation;

/// <summary>
/// Runs the release manager's operations one at a time within this process (API requests and automation), and
/// counts their results. Across processes — other replicas, CI jobs — the global lock inside each operation serialises.
/// </summary>
public sealed class SerializedOperations(ReleaseOperations operations, ServerMetrics metrics)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Raised after every operation, whatever its outcome (it may have pushed before failing): what was read before may be out of date.</summary>
    public event Action? Completed;

    /// <summary>For reads, which need no turn.</summary>
    public ReleaseOperations Reads => operations;

    /// <summary>Runs something that is not a release (an interval sync) in the same one-at-a-time turn, uncounted.</summary>
    public async Task<T> RunExclusiveAsync<T>(Func<ReleaseOperations, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await operation(operations, cancellationToken);
        }
        finally
        {
            _one.Release();
            Completed?.Invoke();
        }
    }

    public async Task<ReleaseReport> RunAsync(ReleaseAction action, Func<ReleaseOperations, CancellationToken, Task<ReleaseReport>> operation, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var report = await operation(operations, cancellationToken);
            metrics.Operation(report);
            return report;
        }
        catch (Exception e) when (Faults.Fault.KindOf(e) is not (Faults.FaultKind.Usage or Faults.FaultKind.NotFound) && e is not OperationCanceledException)
        {
            metrics.Operation(action, "error");
            throw;
        }
        finally
        {
            _one.Release();
            Completed?.Invoke();
        }
    }
}
