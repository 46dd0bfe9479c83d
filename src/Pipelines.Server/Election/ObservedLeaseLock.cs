using k8s.LeaderElection;

namespace Pipelines.Server.Election;

/// <summary>The elector's Lease lock, telling health when the Lease answers again: the elector itself reports errors but
/// not their end (and no new-leader event follows when the same leader is seen again after an outage).</summary>
internal sealed class ObservedLeaseLock(ILock inner, Action answered) : ILock
{
    public string Identity => inner.Identity;

    public string Describe() => inner.Describe();

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        var record = await inner.GetAsync(cancellationToken);
        answered();
        return record;
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => inner.CreateAsync(record, cancellationToken);

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => inner.UpdateAsync(record, cancellationToken);
}
