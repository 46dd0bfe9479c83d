using Pipelines.Diagnostics;
using k8s;
using Pipelines.Locking;
using Pipelines.Targets;

namespace Pipelines.Tests.Kubernetes;

/// <summary>--lock lease: a coordination.k8s.io Lease serialises releases across machines.</summary>
public sealed class LeaseLockTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private LeaseLock Lock(string user, TimeSpan ttl, TimeSpan timeout) =>
        new(_cluster.Client(), "default", "pipelines-lock", new LockOwner($"{user}-id", user, "ci-host", $"https://ci.example.com/{user}"), ttl, timeout, TextLog.To(_log));

    [Fact]
    public async Task A_second_holder_waits_names_the_first_and_gets_the_lock_when_it_is_released()
    {
        var first = await Lock("alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)).AcquireAsync();
        var lease = await _cluster.Client().CoordinationV1.ReadNamespacedLeaseAsync("pipelines-lock", "default");
        Assert.Equal("alice-id", lease.Spec.HolderIdentity);

        var timeout = await Assert.ThrowsAsync<LockTimeoutException>(() => Lock("bob", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)).AcquireAsync());
        Assert.Contains("still held by alice on ci-host (https://ci.example.com/alice)", timeout.Message);

        var waiting = Lock("bob", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)).AcquireAsync();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        Assert.True(await first.IsStillHeldAsync());
        await first.DisposeAsync();
        await using var second = await waiting;
        Assert.True(await second.IsStillHeldAsync());
        Assert.Equal("bob-id", (await _cluster.Client().CoordinationV1.ReadNamespacedLeaseAsync("pipelines-lock", "default")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_holder_that_stops_renewing_is_taken_over_after_a_whole_ttl_and_finds_out()
    {
        // A holder whose process froze: its lease stays unchanged. Renewal is every ttl/3, at least a second,
        // so a 2 s TTL with renewals blocked is simulated by writing the lease by hand.
        await _cluster.Client().CoordinationV1.CreateNamespacedLeaseAsync(new k8s.Models.V1Lease
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "pipelines-lock", NamespaceProperty = "default" },
            Spec = new k8s.Models.V1LeaseSpec { HolderIdentity = "frozen-id", LeaseDurationSeconds = 2, RenewTime = DateTime.UtcNow.AddHours(5) },
        }, "default");

        await using var taken = await Lock("carol", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20)).AcquireAsync();

        Assert.Contains("Taking over the lock from frozen-id", _log.ToString());
        Assert.Equal("carol-id", (await _cluster.Client().CoordinationV1.ReadNamespacedLeaseAsync("pipelines-lock", "default")).Spec.HolderIdentity);
    }
}
