using System.Text.Json.Nodes;
using k8s;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Server.Election;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>Two Watch replicas elect a leader with a Lease on the API emulator: only the leader runs automation, and
/// when it stops the other takes over once the Lease expires.</summary>
public sealed class WatchLeaderElectionTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private KubeApiEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync();
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
            _emulator.WriteKubeconfig(Path.Combine(_world.Root, "kubeconfig"))));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
        _world.Dispose();
    }

    // Short, so that a takeover happens within the test: the lease expires 2 s after the leader's last renewal.
    private LeaderElectionOptions Election(string identity) => new(_client, "default", "pipelines-watch", identity)
    {
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1.5),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private static async Task<string?> RoleAsync(WatchHarness watch)
    {
        using var client = watch.Client(token: null);
        return (string?)JsonNode.Parse(await client.GetStringAsync("/healthz"))!["role"];
    }

    [Fact]
    public async Task Only_the_leader_runs_automation_and_the_follower_takes_over_when_the_leader_stops()
    {
        await _world.PushAsync("carts", "1.0.0");
        var replicas = new Dictionary<string, WatchHarness>
        {
            ["replica-a"] = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromMilliseconds(200), leaderElection: Election("replica-a")),
            ["replica-b"] = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromMilliseconds(200), leaderElection: Election("replica-b")),
        };
        try
        {
            await WatchHarness.EventuallyAsync(() => replicas.Values.Count(r => r.Server.Leadership.IsLeader) == 1, "one leader");
            var (leaderId, leader) = replicas.Single(r => r.Value.Server.Leadership.IsLeader);
            var (followerId, follower) = replicas.Single(r => r.Key != leaderId);
            await WatchHarness.EventuallyAsync(() => leader.Server.Automation.LeadingCycles >= 3 && follower.Server.Automation.Cycles >= 3, "cycles on both");

            Assert.Equal(0, follower.Server.Automation.LeadingCycles);
            Assert.Equal("leader", await RoleAsync(leader));
            Assert.Equal("follower", await RoleAsync(follower));
            using (var anonymous = follower.Client(token: null))
            {
                Assert.Equal(leaderId, (string?)JsonNode.Parse(await anonymous.GetStringAsync("/healthz"))!["leader"]); // who leads, seen from a follower
            }
            using (var anonymous = follower.Client(token: null))
            {
                Assert.Contains("pipelines_leader 0", await anonymous.GetStringAsync("/metrics"));
                Assert.Equal(System.Net.HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode); // a follower serves too
            }
            Assert.Equal(leaderId, (await _client.CoordinationV1.ReadNamespacedLeaseAsync("pipelines-watch", "default")).Spec.HolderIdentity);

            await leader.DisposeAsync();
            replicas.Remove(leaderId);

            await WatchHarness.EventuallyAsync(() => follower.Server.Leadership.IsLeader, "the follower taking over");
            Assert.Equal(followerId, (await _client.CoordinationV1.ReadNamespacedLeaseAsync("pipelines-watch", "default")).Spec.HolderIdentity);
            Assert.Equal("leader", await RoleAsync(follower));
            Assert.Contains("now leads", follower.LogText);
            await _world.PushAsync("carts", "1.2.0");
            await WatchHarness.EventuallyAsync(() => _world.Show("environments/staging/carts.yaml").Contains("carts:1.2.0"), "the new leader's automation releasing carts:1.2.0");
        }
        finally
        {
            foreach (var replica in replicas.Values) await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task When_the_lease_cannot_be_reached_no_replica_leads_health_says_why_and_it_leads_again_when_the_cluster_returns()
    {
        var port = Pipelines.Sandbox.Registry.DistributionRegistry.FreePort();
        KubeApiEmulator? emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Listen = $"127.0.0.1:{port}" });
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
            emulator.WriteKubeconfig(Path.Combine(_world.Root, "outage-kubeconfig"))));
        var election = Election("replica-a") with { Client = client };
        try
        {
            await using var watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromMilliseconds(200), leaderElection: election);
            await WatchHarness.EventuallyAsync(() => watch.Server.Leadership.IsLeader, "leading");

            await emulator.DisposeAsync();
            emulator = null;

            await WatchHarness.EventuallyAsync(() => !watch.Server.Leadership.IsLeader, "giving up leading without its lease");
            using var anonymous = watch.Client(token: null);
            JsonNode health = null!;
            await WatchHarness.EventuallyAsync(() => (health = JsonNode.Parse(anonymous.GetStringAsync("/healthz").Result)!)["problems"]!.AsArray()
                .Any(p => (string?)p!["source"] == "leader election"), "health naming leader election");
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Equal("follower", (string?)health["role"]);
            var cycles = watch.Server.Automation.LeadingCycles;

            emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Listen = $"127.0.0.1:{port}" });

            await WatchHarness.EventuallyAsync(() => watch.Server.Leadership.IsLeader && watch.Server.Automation.LeadingCycles > cycles, "leading and automating again");
            await WatchHarness.EventuallyAsync(() => (string?)JsonNode.Parse(anonymous.GetStringAsync("/healthz").Result)!["status"] == "ok", "health ok again");
        }
        finally
        {
            if (emulator is not null) await emulator.DisposeAsync();
        }
    }
}
