using LeaseResourceLock = k8s.LeaderElection.ResourceLock.LeaseLock;
using Pipelines.Diagnostics;
using Pipelines.Server.Health;
using k8s.LeaderElection;

namespace Pipelines.Server.Election;

/// <summary>
/// Whether this replica leads: only the leader runs automation and interval syncs, every replica serves the API, the
/// UI, the hooks and health. Without leader election (<see cref="Single"/>) the one process always leads. With it,
/// KubernetesClient's <see cref="LeaderElector"/> (client-go's algorithm) holds a Lease and this class reports what it sees.
/// </summary>
public sealed class Leadership : IDisposable
{
    private readonly LeaderElector? _elector;
    private readonly ILog? _log;
    private volatile string? _leader;
    private volatile bool _leading;

    private readonly TimeSpan _retry;

    private Leadership(LeaderElector? elector, ILog? log, string? lease, TimeSpan retry)
    {
        _elector = elector;
        _log = log;
        Lease = lease;
        _retry = retry;
    }

    /// <summary>The election failed (the elector's own errors, and its loop ending with one).</summary>
    private Action<Exception>? Failed { get; set; }

    /// <summary>No election: always the leader (one replica, or outside a cluster).</summary>
    public static Leadership Single() => new(null, null, null, TimeSpan.Zero);

    /// <summary>Elects with a Lease; a Lease that cannot be read or written is the health problem <see cref="HealthSource"/>
    /// (then no replica leads, so automation pauses until the cluster answers again).</summary>
    public static Leadership Elect(LeaderElectionOptions options, ILog log, ServiceHealth health)
    {
        var resourceLock = new ObservedLeaseLock(new LeaseResourceLock(options.Client, options.Namespace, options.Name, options.Identity),
            () => health.Recovered(HealthSource));
        var elector = new LeaderElector(new LeaderElectionConfig(resourceLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        var leadership = new Leadership(elector, log, $"{options.Namespace}/{options.Name}", options.RetryPeriod);
        elector.OnStartedLeading += () =>
        {
            leadership._leading = true;
            log.Info($"Leader election: this replica ({options.Identity}) now leads (lease {leadership.Lease}); automation and interval syncs run here.");
            leadership.BecameLeader?.Invoke();
        };
        elector.OnStoppedLeading += () =>
        {
            leadership._leading = false;
            log.Warn($"Leader election: this replica ({options.Identity}) no longer leads; automation stops here.");
        };
        elector.OnNewLeader += leader =>
        {
            leadership._leader = leader;
            if (leader != options.Identity) log.Info($"Leader election: {leader} leads (lease {leadership.Lease}); this replica follows.");
        };
        leadership.Failed = e =>
        {
            // Once per failure episode in the log; every retry (each RetryPeriod) would flood it during an outage.
            if (!health.Report().Problems.Any(p => p.Source == HealthSource)) log.Warn($"Leader election: {e.Message} (lease {leadership.Lease}; retrying)");
            health.Failed(HealthSource, $"lease {leadership.Lease}: {e.Message}", DateTimeOffset.UtcNow);
        };
        elector.OnError += e => leadership.Failed(e);
        return leadership;
    }

    public const string HealthSource = "leader election";

    /// <summary>Raised when this replica starts leading (automation should look at once).</summary>
    public event Action? BecameLeader;

    // From the elector's events, not LeaderElector.IsLeader(): that compares the last Lease it read with our identity,
    // so it stays true after leadership was given up because the Lease could no longer be read.
    public bool IsLeader => _elector is null || _leading;

    /// <summary><c>leader</c>, <c>follower</c>, or <c>single</c> without leader election.</summary>
    public string Role => _elector is null ? "single" : IsLeader ? "leader" : "follower";

    /// <summary>The identity holding the Lease as last seen; null without leader election or before the first look.</summary>
    public string? Leader => _leader;

    /// <summary><c>namespace/name</c> of the Lease; null without leader election.</summary>
    public string? Lease { get; }

    /// <summary>Campaigns and holds leadership (again after losing it) until cancelled. The elector's loop ends with an
    /// exception when the API server cannot be reached at all; then this replica does not lead, says why, and campaigns
    /// again after a retry period, so that an outage of the Lease's cluster never ends leader election for good.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_elector is null) return;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _elector.RunAndTryToHoldLeadershipForeverAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _leading = false;
                Failed?.Invoke(e);
            }
            try
            {
                await Task.Delay(_retry, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _log?.Debug("Leader election stopped.");
    }

    public void Dispose() => _elector?.Dispose();
}
