namespace Pipelines.Releases;

internal enum LockState
{
    /// <summary>--lock none: the push is still a compare-and-swap.</summary>
    None,

    /// <summary>Nothing to commit, so the lock was not taken.</summary>
    NotTaken,
    Acquired,
    Released,
}
