using Pipelines.Diagnostics;
using k8s;
using Pipelines.Locking;
using Pipelines.Targets;
using Pipelines.Tests.Kubernetes;

namespace Pipelines.Tests.Locking;

/// <summary>--lock lease past the run's deadline: the holder stops renewing and releases the Lease at once.</summary>
public sealed class LeaseDeadlineTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Past_the_deadline_the_holder_releases_the_lease_and_says_so()
    {
        using var deadline = new CancellationTokenSource();
        var held = await new LeaseLock(_cluster.Client(), "default", "pipelines-lock", new LockOwner("alice-id", "alice", "ci-host", null),
            TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10), TextLog.To(TextWriter.Synchronized(_log))) { Stopping = deadline.Token }.AcquireAsync();

        await deadline.CancelAsync();

        // The holder frees the lease and then says so: wait for both, or the check can fall between them.
        const string said = "The run passed its --deadline: it stopped renewing the lock";
        for (var i = 0; i < 600 && ((await _cluster.Client().CoordinationV1.ReadNamespacedLeaseAsync("pipelines-lock", "default")).Spec.HolderIdentity is not null
                                    || !_log.ToString().Contains(said)); i++)
        {
            await Task.Delay(50);
        }
        Assert.Null((await _cluster.Client().CoordinationV1.ReadNamespacedLeaseAsync("pipelines-lock", "default")).Spec.HolderIdentity);
        Assert.Contains(said, _log.ToString());
        Assert.False(await held.IsStillHeldAsync());
        await held.DisposeAsync();
    }
}
