namespace Pipelines.Locking;

/// <summary>
/// A global lock that jobs of one machine can hand to each other through their <see cref="MachineQueuedLock"/>: the job that
/// gives it up leaves a <see cref="MachineHandoff"/> in the queue file, and the next job of the queue takes the lock from it
/// without asking the server first. The git lock is one. A lock that is not still queues, without hand-overs.
/// </summary>
internal interface IHandedOverLock : IGlobalLock
{
    /// <summary>Begins an acquisition by a job of this machine's queue, now (its wait counts towards the lock's timeout).</summary>
    /// <param name="nextJobWaiting">Asked as the lock is given up: whether the next job of the queue waits for it, so that it can
    /// be handed over held rather than freed.</param>
    IQueuedAcquisition Queued(Func<bool> nextJobWaiting);
}

/// <summary>One acquisition of an <see cref="IHandedOverLock"/> by a job waiting in this machine's queue.</summary>
internal interface IQueuedAcquisition
{
    /// <summary>How often to look at the lock while the job ahead keeps its place in the queue.</summary>
    TimeSpan LookEvery { get; }

    /// <summary>One look at the lock while queued. The job ahead keeps its place for as long as its process lives, stuck or not;
    /// nobody waits longer than the lock's TTL for a holder, and neither does a queued job. Returns why to go for the lock
    /// without the queue (by the lock's own rule, the job ahead is stuck), or null to keep waiting.</summary>
    Task<string?> LookAsync(CancellationToken cancellationToken);

    /// <summary>Takes the lock: from <paramref name="handoff"/>, which the previous job of the queue left, when it still holds;
    /// else as usual, going on from what the looks saw.</summary>
    Task<ILockHandle> AcquireAsync(MachineHandoff? handoff, CancellationToken cancellationToken);
}

/// <summary>A held lock that says, once given up, how — for the next job of this machine's queue.</summary>
internal interface IHandingOver
{
    /// <summary>How the lock was given up; null unless it was.</summary>
    MachineHandoff? HandOff { get; }
}
