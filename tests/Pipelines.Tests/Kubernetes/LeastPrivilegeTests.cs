using Pipelines.Diagnostics;
using k8s;
using Pipelines.Sandbox.Kube.Auth;
using Pipelines.Server.Election;
using Pipelines.Tests.Server;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// deploy/rbac.yaml is exactly what Watch needs: Watch runs as the pipelines-watch service account against the emulator
/// with RBAC on — leader election, interval syncs that re-apply the config repo and wait for rollouts, status — and the
/// API server never has to refuse it.
/// </summary>
public sealed class LeastPrivilegeTests : IAsyncLifetime
{
    private const string WatchToken = "pipelines-watch-token";
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync(options => options with
    {
        Authorization = true,
        Tls = true,
        Tokens = new Dictionary<string, EmulatorUser> { [WatchToken] = EmulatorUser.ServiceAccount("pipelines", "pipelines-watch") },
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Watch_syncs_waits_for_rollouts_elects_a_leader_and_reports_status_with_the_role_of_deploy_rbac_yaml()
    {
        // As the cluster's administrator: the namespace Watch runs in, and the role it is given.
        var (created, createOutput) = await _cluster.Kubectl.Run("create", "namespace", "pipelines");
        Assert.True(created == 0, createOutput);
        var (applied, output) = await _cluster.Kubectl.Run("apply", "-f", Path.Combine(ClusterHarness.RepositoryRoot(), "deploy", "rbac.yaml"));
        Assert.True(applied == 0, output);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(_cluster.Kubeconfig)!, "watch-kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, _cluster.Emulator.Kubeconfig().Replace("token: staging", $"token: {WatchToken}", StringComparison.Ordinal));
        using var leaseClient = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        _cluster.Emulator.ClearRequests();

        await using var watch = await WatchHarness.StartAsync(_cluster.ConfigRepo, TimeSpan.FromHours(1), kubeconfig,
            leaderElection: new LeaderElectionOptions(leaseClient, "pipelines", "pipelines-watch", "replica-a"), syncInterval: TimeSpan.FromMilliseconds(500));
        await WatchHarness.EventuallyAsync(() => watch.LogText.Contains("Sync of staging at ", StringComparison.Ordinal), "an interval sync of staging");
        using var client = watch.Client(WatchHarness.ReadToken);
        // The first answer may be "not known yet, try again shortly" (503) while the first read of the config repo and the
        // registry is under way on a busy machine: what is checked is that a known state comes with this role, not how soon.
        var status = await client.GetAsync("api/environments/staging/services");
        for (var attempt = 0; attempt < 90 && status.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable; attempt++)
        {
            await Task.Delay(1000);
            status = await client.GetAsync("api/environments/staging/services");
        }
        // What a release does after its apply: wait for the rollout, reading the workload, its ReplicaSets, pods and events.
        var staging = Pipelines.Config.PipelinesConfig.Parse(_cluster.Server.Show("config", "pipelines.yaml")).Environment("staging");
        var cluster = Pipelines.Kubernetes.KubernetesEnvironmentCluster.Connect(staging, kubeconfig, null, TimeSpan.FromMinutes(1), TextLog.To(TextWriter.Null));
        var rollouts = await cluster.WaitAsync(["sock-shop:deployment/front-end", "sock-shop:statefulset/carts-db"]);

        Assert.True(status.IsSuccessStatusCode, await status.Content.ReadAsStringAsync());
        Assert.All(rollouts, r => Assert.Equal(Pipelines.Releases.RolloutOutcome.Succeeded, r.Outcome));
        Assert.NotNull(await _cluster.Client().CoordinationV1.ReadNamespacedLeaseAsync("pipelines-watch", "pipelines"));
        var refused = _cluster.Emulator.Requests.Where(r => r.StatusCode is 401 or 403).Select(r => $"{r.Method} {r.Path}{r.Query} -> {r.StatusCode}").ToList();
        Assert.True(refused.Count == 0, string.Join("\n", refused) + "\n" + watch.LogText);
        Assert.DoesNotContain(_cluster.Emulator.Requests, r => r.Path.Contains("/secrets", StringComparison.Ordinal));
    }
}
