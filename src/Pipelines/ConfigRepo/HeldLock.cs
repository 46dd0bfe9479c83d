namespace Pipelines.ConfigRepo;

/// <summary>
/// The lock an update holds across its compare-and-swap loop: checked before every push, released by the push that delivers
/// the change when it can be (one push instead of two), and taken again when that push freed it but the server refused the
/// change — someone pushed without the lock, and the next attempt must not run unlocked.
/// </summary>
internal sealed class HeldLock : IAsyncDisposable
{
    private readonly IUpdateLock _lock;
    private IHeldUpdateLock? _handle;

    private HeldLock(IUpdateLock updateLock) => _lock = updateLock;

    public static async Task<HeldLock> TakeAsync(IUpdateLock updateLock, CancellationToken cancellationToken)
    {
        var held = new HeldLock(updateLock);
        held._handle = await updateLock.TakeAsync(cancellationToken);
        return held;
    }

    /// <inheritdoc cref="IHeldUpdateLock.HeadsWhenTaken"/>
    public IReadOnlyDictionary<string, string>? HeadsWhenTaken => _handle?.HeadsWhenTaken;

    /// <summary>Pushes <paramref name="change"/> from <paramref name="cache"/> if the lock is still ours, with the lock's release
    /// when <paramref name="releaseWithIt"/> (nothing follows under the lock) and the lock can go that way.</summary>
    public async Task<PushOutcome> PushAsync(ObjectCache cache, RefUpdate change, bool releaseWithIt, CancellationToken cancellationToken)
    {
        var handle = _handle!;
        if (!await handle.IsStillHeldAsync(cancellationToken))
        {
            throw new LockLostException($"The lock ({_lock.Description}) was taken over while this run worked; nothing was pushed. Run it again.");
        }
        var release = releaseWithIt ? await handle.ReleaseInPushAsync(cache) : null;
        if (release is null) return await cache.PushAsync(change, cancellationToken);
        var (outcome, released) = await cache.PushAsync(change, release.Make, cancellationToken);
        release.Pushed(released, outcome.Accepted ? (change.Branch, change.Commit) : null);
        if (released.Accepted && !outcome.Accepted) await RetakeAsync(cancellationToken);
        return outcome;
    }

    private async Task RetakeAsync(CancellationToken cancellationToken)
    {
        var released = _handle!;
        _handle = null; // so that a failed take below leaves nothing to release twice
        await released.DisposeAsync();
        _handle = await _lock.TakeAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _handle?.DisposeAsync() ?? ValueTask.CompletedTask;
}
