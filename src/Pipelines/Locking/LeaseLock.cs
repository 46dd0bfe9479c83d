using System.Net;
using Pipelines.Diagnostics;
using k8s.Autorest;
using k8s.Models;
using k8s;

namespace Pipelines.Locking;

/// <summary>
/// <c>--lock lease</c>: a coordination.k8s.io Lease, as Kubernetes leader election uses one. Taking it is an
/// update carrying the resourceVersion we read, so of two writers exactly one wins (409 for the other).
/// A waiter judges expiry by its own clock — the Lease unchanged for a whole TTL (<see cref="LockRules"/>) —
/// never by the holder's renewTime. The holder renews every third of the TTL and releases by clearing holderIdentity.
/// </summary>
internal sealed class LeaseLock(IKubernetes client, string @namespace, string name, LockOwner owner, TimeSpan ttl, TimeSpan timeout, ILog log, TimeProvider? clock = null) : IGlobalLock
{
    private const string UserAnnotation = "pipelines/lock-user";
    private const string HostAnnotation = "pipelines/lock-host";
    private const string BuildAnnotation = "pipelines/lock-build";
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly LockOwner _owner = owner;
    private readonly TimeSpan _ttl = ttl;
    private readonly ILog _log = log;

    public string Description => $"lease {@namespace}/{name} at {client.BaseUri}";

    /// <summary>Cancelled when the run passes its deadline (<c>--deadline</c>): waiting stops, and a held lease stops being
    /// renewed and is released.</summary>
    public CancellationToken Stopping { get; init; }

    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        return await AcquireWithinAsync(linked.Token);
    }

    private async Task<ILockHandle> AcquireWithinAsync(CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        LockObservation? seen = null;
        TimeSpan? lastReport = null;
        while (true)
        {
            var lease = await ReadAsync(cancellationToken);
            var now = _clock.GetTimestamp();
            seen = LockRules.Observe(seen, lease?.Metadata.ResourceVersion, now);
            var decision = LockRules.Decide(State(lease), seen, now, _clock);
            if (decision is LockDecision.Take take)
            {
                if (take.TakesOverExpired) _log.Warn($"Taking over the lock from {State(lease).Holder!.Describe()}: unchanged for its whole TTL of {_ttl.TotalSeconds:0}s.");
                var mine = await TryWriteAsync(lease, Held(lease), cancellationToken);
                if (mine is not null)
                {
                    _log.Info($"Lock taken ({Description}).");
                    return new Handle(this, mine);
                }
                continue; // someone else wrote first: read again
            }
            var wait = (LockDecision.Wait)decision;
            var waited = _clock.GetElapsedTime(started);
            if (waited >= timeout)
            {
                throw new LockTimeoutException($"The lock ({Description}) is still held by {wait.Holder.Describe()} after waiting {waited.TotalSeconds:0}s. " +
                    $"It expires if unrenewed for {wait.Ttl.TotalSeconds:0}s; raise --lock-timeout to wait longer.");
            }
            if (lastReport is null || waited - lastReport >= ReportEvery)
            {
                lastReport = waited;
                _log.Info($"Waiting for the lock: held by {wait.Holder.Describe()}, unchanged for {wait.UnchangedFor.TotalSeconds:0}s of its {wait.Ttl.TotalSeconds:0}s TTL.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(150 + Random.Shared.Next(200)), _clock, cancellationToken);
        }
    }

    private async Task<V1Lease?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(name, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates or updates with the resourceVersion read: null when another writer got there first.</summary>
    private async Task<V1Lease?> TryWriteAsync(V1Lease? read, V1Lease wanted, CancellationToken cancellationToken)
    {
        try
        {
            return read is null
                ? await client.CoordinationV1.CreateNamespacedLeaseAsync(wanted, @namespace, cancellationToken: cancellationToken)
                : await client.CoordinationV1.ReplaceNamespacedLeaseAsync(wanted, name, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    private LockCommit State(V1Lease? lease)
    {
        var holder = lease?.Spec?.HolderIdentity;
        if (string.IsNullOrEmpty(holder)) return LockCommit.Free;
        IReadOnlyDictionary<string, string> annotations = lease!.Metadata.Annotations?.ToDictionary() ?? [];
        return new LockCommit(
            new LockOwner(holder, annotations.GetValueOrDefault(UserAnnotation, holder), annotations.GetValueOrDefault(HostAnnotation, "?"), annotations.GetValueOrDefault(BuildAnnotation)),
            // Capped as a git lock commit's TTL is (LockCommit.MaxTtl): a holder claiming more blocks releases an hour at most.
            TimeSpan.FromSeconds(Math.Min(lease.Spec.LeaseDurationSeconds ?? (int)_ttl.TotalSeconds, (int)LockCommit.MaxTtl.TotalSeconds)));
    }

    private V1Lease Held(V1Lease? read)
    {
        var now = DateTime.UtcNow;
        var annotations = new Dictionary<string, string> { [UserAnnotation] = _owner.User, [HostAnnotation] = _owner.Host };
        if (_owner.BuildUrl is not null) annotations[BuildAnnotation] = _owner.BuildUrl;
        return new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, ResourceVersion = read?.Metadata.ResourceVersion, Annotations = annotations },
            Spec = new V1LeaseSpec
            {
                HolderIdentity = _owner.Id,
                LeaseDurationSeconds = (int)Math.Ceiling(_ttl.TotalSeconds),
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = (read?.Spec?.LeaseTransitions ?? 0) + 1,
            },
        };
    }

    private sealed class Handle : ILockHandle
    {
        private readonly LeaseLock _lock;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        private V1Lease _lease;
        private volatile bool _lost;

        public Handle(LeaseLock leaseLock, V1Lease lease)
        {
            _lock = leaseLock;
            _lease = lease;
            _renewal = RenewAsync();
            _deadline = leaseLock.Stopping.Register(() => _ = GiveUpAsync());
        }

        private readonly CancellationTokenRegistration _deadline;
        private readonly SemaphoreSlim _releasing = new(1, 1);
        private bool _done;

        private async Task GiveUpAsync()
        {
            await _releasing.WaitAsync();
            try
            {
                if (_done || _lost) return;
                _done = true;
                _lost = true; // nothing more is done under a lease given up
                await _stop.CancelAsync();
                await _renewal;
                var released = await ReleaseAsync();
                _lock._log.Warn(DeadlineGiveUp.Said(_lock.Description, released, _lock._ttl));
            }
            finally
            {
                _releasing.Release();
            }
        }

        private async Task<bool> ReleaseAsync()
        {
            try
            {
                var free = _lease;
                free.Spec.HolderIdentity = null;
                free.Metadata.Annotations = null;
                return await _lock.TryWriteAsync(_lease, free, CancellationToken.None) is not null;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException)
            {
                _lock._log.Warn($"Could not release the lock ({e.Message}); it expires after {_lock._ttl.TotalSeconds:0}s without renewal.");
                return false;
            }
        }

        public async Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) =>
            !_lost && (await _lock.ReadAsync(cancellationToken))?.Spec?.HolderIdentity == _lock._owner.Id;

        private async Task RenewAsync()
        {
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _lock._ttl.Ticks / 3));
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, _lock._clock, _stop.Token);
                    var renewed = _lease;
                    renewed.Spec.RenewTime = DateTime.UtcNow;
                    var written = await _lock.TryWriteAsync(_lease, renewed, _stop.Token);
                    if (written is null)
                    {
                        _lost = true;
                        _lock._log.Warn($"The lock ({_lock.Description}) was taken over by someone else; this run stops before pushing.");
                        return;
                    }
                    _lease = written;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException)
                {
                    _lock._log.Warn($"Could not renew the lock: {e.Message}. Retrying.");
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _deadline.DisposeAsync();
            await _releasing.WaitAsync();
            try
            {
                if (_done) return;
                _done = true;
                await _stop.CancelAsync();
                await _renewal;
                if (_lost) return;
                if (await ReleaseAsync()) _lock._log.Info("Lock released.");
                else _lock._log.Warn($"The lock ({_lock.Description}) was no longer ours to release.");
            }
            finally
            {
                _releasing.Release();
            }
        }
    }
}
