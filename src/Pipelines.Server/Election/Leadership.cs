using k8s.LeaderElection;
using Pipelines.Targets;
using LeaseResourceLock = k8s.LeaderElection.ResourceLock.LeaseLock;

namespace Pipelines.Server.Election;

/// <summary>
/// Whether this replica leads: only the leader runs automation and interval syncs, every replica serves the API, the
/// UI, the hooks and health. Without leader election (<see cref="Single"/>) the one process always leads. With it,
/// KubernetesClient's <see cref="LeaderElector"/> (client-go's algorithm) holds a Lease and this class reports what it sees.
/// </summary>
public sealed class Leadership : IDisposable
{
    private readonly LeaderElector? _elector;
    private readonly Log? _log;
    private volatile string? _leader;

    private Leadership(LeaderElector? elector, Log? log, string? lease)
    {
        _elector = elector;
        _log = log;
        Lease = lease;
    }

    /// <summary>No election: always the leader (one replica, or outside a cluster).</summary>
    public static Leadership Single() => new(null, null, null);

    public static Leadership Elect(LeaderElectionOptions options, Log log)
    {
        var resourceLock = new LeaseResourceLock(options.Client, options.Namespace, options.Name, options.Identity);
        var elector = new LeaderElector(new LeaderElectionConfig(resourceLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        var leadership = new Leadership(elector, log, $"{options.Namespace}/{options.Name}");
        elector.OnStartedLeading += () =>
        {
            log.Info($"Leader election: this replica ({options.Identity}) now leads (lease {leadership.Lease}); automation and interval syncs run here.");
            leadership.BecameLeader?.Invoke();
        };
        elector.OnStoppedLeading += () => log.Warn($"Leader election: this replica ({options.Identity}) no longer leads; automation stops here.");
        elector.OnNewLeader += leader =>
        {
            leadership._leader = leader;
            if (leader != options.Identity) log.Info($"Leader election: {leader} leads (lease {leadership.Lease}); this replica follows.");
        };
        elector.OnError += e => log.Warn($"Leader election: {e.Message} (lease {leadership.Lease}; retrying)");
        return leadership;
    }

    /// <summary>Raised when this replica starts leading (automation should look at once).</summary>
    public event Action? BecameLeader;

    public bool IsLeader => _elector?.IsLeader() ?? true;

    /// <summary><c>leader</c>, <c>follower</c>, or <c>single</c> without leader election.</summary>
    public string Role => _elector is null ? "single" : IsLeader ? "leader" : "follower";

    /// <summary>The identity holding the Lease as last seen; null without leader election or before the first look.</summary>
    public string? Leader => _leader;

    /// <summary><c>namespace/name</c> of the Lease; null without leader election.</summary>
    public string? Lease { get; }

    /// <summary>Campaigns and holds leadership (again after losing it) until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_elector is null) return;
        try
        {
            await _elector.RunAndTryToHoldLeadershipForeverAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _log?.Debug("Leader election stopped.");
        }
    }

    public void Dispose() => _elector?.Dispose();
}
