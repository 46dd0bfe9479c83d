using k8s;
using k8s.Models;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Controllers;

/// <summary>
/// The pod states a release must survive, as a real cluster shows them and with its events: images that crash-loop or
/// never pass readiness, requests larger than the node (Unschedulable), and pods a ResourceQuota forbids (FailedCreate).
/// </summary>
public sealed class PodBehaviourTests : IAsyncLifetime
{
    private KubeApiEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(100),
            CrashingImages = ["*:crash"],
            UnreadyImages = ["shop/web:unready"],
            NodeCpu = "2",
            NodeMemory = "4Gi",
        });
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _emulator.BaseAddress.ToString() });
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<V1Pod> PodOf(string app) =>
        await Eventually.Until(async () => (await _client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: $"app={app}")).Items.FirstOrDefault()!,
            p => p?.Status?.Conditions is not null, $"a pod of {app}");

    private async Task<IList<Corev1Event>> EventsOf(string name) =>
        (await _client.CoreV1.ListNamespacedEventAsync("shop", fieldSelector: $"involvedObject.name={name}")).Items;

    private static V1Deployment Deployment(string name, string image, V1ResourceRequirements? resources = null)
    {
        var deployment = Workloads.Deployment(name, image, replicas: 1);
        deployment.Spec.Template.Spec.Containers[0].Resources = resources;
        return deployment;
    }

    [Fact]
    public async Task A_crashing_image_crash_loops_with_restarts_and_a_BackOff_event()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("crashy", "shop/web:crash"), "shop");

        var pod = await Eventually.Until(() => PodOf("crashy"), p => p.Status.ContainerStatuses?[0].State.Waiting?.Reason == "CrashLoopBackOff", "the crash loop");

        var container = pod.Status.ContainerStatuses[0];
        Assert.True(container.RestartCount >= 1);
        Assert.Equal(1, container.LastState.Terminated.ExitCode);
        Assert.False(container.Ready);
        var events = await Eventually.Until(() => EventsOf(pod.Metadata.Name), e => e.Any(x => x.Reason == "BackOff"), "the BackOff event");
        Assert.Equal("Warning", events.First(e => e.Reason == "BackOff").Type);
        Assert.Contains(events, e => e.Reason == "Scheduled" && e.Source.Component == "default-scheduler");
    }

    [Fact]
    public async Task An_unready_image_runs_but_is_never_ready_and_says_why_in_an_Unhealthy_event()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("probed", "shop/web:unready"), "shop");

        var pod = await Eventually.Until(() => PodOf("probed"), p => p.Status.ContainerStatuses?[0].State.Running is not null, "the container to run");

        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("False", pod.Status.Conditions.First(c => c.Type == "Ready").Status);
        var events = await Eventually.Until(() => EventsOf(pod.Metadata.Name), e => e.Any(x => x.Reason == "Unhealthy"), "the Unhealthy event");
        Assert.StartsWith("Readiness probe failed:", events.First(e => e.Reason == "Unhealthy").Message);
    }

    [Fact]
    public async Task A_pod_larger_than_the_node_stays_pending_unschedulable_with_a_FailedScheduling_event()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("huge", "shop/web:1",
            new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new("8Gi") } }), "shop");

        var pod = await Eventually.Until(() => PodOf("huge"), p => p.Status.Conditions.Any(c => c.Type == "PodScheduled"), "the scheduler's verdict");

        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Null(pod.Spec.NodeName);
        var scheduled = pod.Status.Conditions.First(c => c.Type == "PodScheduled");
        Assert.Equal(("False", "Unschedulable"), (scheduled.Status, scheduled.Reason));
        Assert.StartsWith("0/1 nodes are available: 1 Insufficient memory.", scheduled.Message);
        Assert.Contains(await EventsOf(pod.Metadata.Name), e => e.Reason == "FailedScheduling" && e.Type == "Warning");
    }

    [Fact]
    public async Task A_pod_over_a_quota_is_forbidden_and_its_replica_set_reports_FailedCreate()
    {
        await _client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "compute" },
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["requests.memory"] = new("1Gi") } },
        }, "shop");
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("greedy", "shop/web:1",
            new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new("2Gi") } }), "shop");

        var deployment = await Eventually.Until(() => _client.AppsV1.ReadNamespacedDeploymentAsync("greedy", "shop"),
            d => d.Status?.Conditions?.Any(c => c.Type == "ReplicaFailure") == true, "ReplicaFailure on the deployment");

        var failure = deployment.Status.Conditions.First(c => c.Type == "ReplicaFailure");
        Assert.Equal("FailedCreate", failure.Reason);
        Assert.Matches("^pods \"greedy-[a-z0-9]+-[a-z0-9]+\" is forbidden: exceeded quota: compute, requested: requests.memory=2Gi, used: requests.memory=0, limited: requests.memory=1Gi$", failure.Message);
        var sets = await _client.AppsV1.ListNamespacedReplicaSetAsync("shop", labelSelector: "app=greedy");
        Assert.Contains(await EventsOf(sets.Items[0].Metadata.Name), e => e.Reason == "FailedCreate" && e.Message.StartsWith("Error creating: pods \"greedy-"));
        var quota = await Eventually.Until(() => _client.CoreV1.ReadNamespacedResourceQuotaAsync("compute", "shop"), q => q.Status?.Used is not null, "the quota's status");
        Assert.Equal("0", quota.Status.Used["requests.memory"].ToString());
    }

    [Fact]
    public async Task A_stateful_set_keeps_a_controller_revision_per_template_for_rollout_history()
    {
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                ServiceName = "db",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "db" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "db", Image = "shop/db:1" }] },
                },
            },
        };
        await _client.AppsV1.CreateNamespacedStatefulSetAsync(set, "shop");
        await _client.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"db","image":"shop/db:2"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "db", "shop");

        var revisions = await Eventually.Until(async () => (await _client.AppsV1.ListNamespacedControllerRevisionAsync("shop", labelSelector: "app=db")).Items,
            r => r.Count == 2, "two controller revisions");

        Assert.Equal([1L, 2L], revisions.Select(r => r.Revision).Order());
        var live = await _client.AppsV1.ReadNamespacedStatefulSetAsync("db", "shop");
        Assert.Equal(live.Status.UpdateRevision, revisions.First(r => r.Revision == 2).Metadata.Name);
    }
}
