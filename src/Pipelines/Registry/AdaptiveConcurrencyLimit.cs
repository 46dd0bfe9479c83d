namespace Pipelines.Registry;

/// <summary>
/// Bounds the requests in flight to one registry. A 429 or 5xx halves the bound (down to one), so a struggling
/// registry sees half the request rate; each run of successes as long as the bound raises it by one again, up
/// to the configured maximum (additive increase, multiplicative decrease, as TCP does).
/// </summary>
internal sealed class AdaptiveConcurrencyLimit
{
    readonly Lock _lock = new();
    readonly Queue<TaskCompletionSource> _waiters = new();
    int _inFlight;
    int _successes;

    public AdaptiveConcurrencyLimit(int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        Maximum = Limit = maximum;
    }

    public int Maximum { get; }

    /// <summary>The current bound.</summary>
    public int Limit { get; private set; }

    public int InFlight
    {
        get { lock (_lock) return _inFlight; }
    }

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_inFlight < Limit)
            {
                _inFlight++;
                return new Slot(this);
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }
        await using (ct.Register(() => waiter.TrySetCanceled(ct)))
            await waiter.Task.ConfigureAwait(false);
        return new Slot(this);
    }

    /// <summary>The registry answered 429 or 5xx: halve the bound.</summary>
    public void Throttled()
    {
        lock (_lock)
        {
            Limit = Math.Max(1, Limit / 2);
            _successes = 0;
        }
    }

    /// <summary>The registry answered normally: after as many successes as the bound, raise it by one.</summary>
    public void Succeeded()
    {
        lock (_lock)
        {
            if (Limit >= Maximum || ++_successes < Limit)
                return;
            Limit++;
            _successes = 0;
            ReleaseWaiters();
        }
    }

    void Exit()
    {
        lock (_lock)
        {
            _inFlight--;
            ReleaseWaiters();
        }
    }

    void ReleaseWaiters()
    {
        while (_inFlight < Limit && _waiters.TryDequeue(out var waiter))
            if (waiter.TrySetResult())
                _inFlight++;
    }

    sealed class Slot(AdaptiveConcurrencyLimit owner) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Exit();
        }
    }
}
