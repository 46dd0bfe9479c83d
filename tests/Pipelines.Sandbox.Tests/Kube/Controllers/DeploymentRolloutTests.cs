using k8s;
using k8s.Models;

namespace Pipelines.Sandbox.Tests.Kube.Controllers;

public sealed class DeploymentRolloutTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private k8s.Kubernetes Client => fixture.Client;

    private Task<V1Deployment> Read(string ns, string name = "web") => Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns);

    private static V1DeploymentCondition? Condition(V1Deployment d, string type) => d.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static bool RolledOut(V1Deployment d) =>
        d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.UpdatedReplicas == d.Spec.Replicas
        && d.Status.Replicas == d.Spec.Replicas && d.Status.AvailableReplicas == d.Spec.Replicas;

    private async Task<List<V1ReplicaSet>> ReplicaSets(string ns) =>
        (await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items
        .OrderBy(rs => int.Parse(rs.Metadata.Annotations["deployment.kubernetes.io/revision"])).ToList();

    private async Task SetImage(string ns, string image) =>
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":""" + JsonValue(image) + "}]}}}}", V1Patch.PatchType.StrategicMergePatch), "web", ns);

    private static string JsonValue(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    [Fact]
    public async Task A_new_deployment_gets_a_replica_set_with_revision_1_and_becomes_available()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 2), ns);
        var deployment = await Eventually.Until(() => Read(ns), RolledOut, "the rollout");

        Assert.Equal("True", Condition(deployment, "Available")!.Status);
        Assert.Equal("MinimumReplicasAvailable", Condition(deployment, "Available")!.Reason);
        var progressing = Condition(deployment, "Progressing")!;
        Assert.Equal("NewReplicaSetAvailable", progressing.Reason);
        var rs = Assert.Single(await ReplicaSets(ns));
        Assert.Equal($"ReplicaSet \"{rs.Metadata.Name}\" has successfully progressed.", progressing.Message);
        Assert.Equal("1", rs.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("1", deployment.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.StartsWith("web-", rs.Metadata.Name);
        Assert.Equal(rs.Metadata.Labels["pod-template-hash"], rs.Metadata.Name["web-".Length..]);
        Assert.Equal(deployment.Metadata.Uid, rs.Metadata.OwnerReferences.Single().Uid);

        var pods = (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web")).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Running", p.Status.Phase);
            Assert.True(p.Status.ContainerStatuses.Single().Ready);
            Assert.Equal(rs.Metadata.Name, p.Metadata.OwnerReferences.Single().Name);
        });
    }

    [Fact]
    public async Task A_template_change_rolls_out_a_new_replica_set_and_scales_the_old_one_to_zero()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 3), ns);
        await Eventually.Until(() => Read(ns), RolledOut, "the first rollout");
        await SetImage(ns, "shop/web:2");

        var deployment = await Eventually.Until(() => Read(ns), d => d.Metadata.Generation == 2 && RolledOut(d), "the second rollout");
        Assert.Equal("2", deployment.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        var sets = await ReplicaSets(ns);
        Assert.Equal(2, sets.Count);
        Assert.Equal(0, sets[0].Spec.Replicas);
        Assert.Equal(3, sets[1].Spec.Replicas);
        Assert.Equal("shop/web:2", sets[1].Spec.Template.Spec.Containers[0].Image);
        // Old pods may still be Terminating (deletionTimestamp set); the running ones are all new.
        var pods = (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Where(p => p.Metadata.DeletionTimestamp is null);
        Assert.All(pods, p => Assert.Equal("shop/web:2", p.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task A_bad_image_never_becomes_ready_and_the_rollout_ends_in_ProgressDeadlineExceeded()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1, progressDeadlineSeconds: 1), ns);
        await Eventually.Until(() => Read(ns), RolledOut, "the first rollout");
        await SetImage(ns, "registry.test/shop/web:broken");

        var deployment = await Eventually.Until(() => Read(ns),
            d => Condition(d, "Progressing")?.Reason == "ProgressDeadlineExceeded", "the progress deadline");
        var progressing = Condition(deployment, "Progressing")!;
        Assert.Equal("False", progressing.Status);
        Assert.Matches("^ReplicaSet \"web-[a-z0-9]+\" has timed out progressing.$", progressing.Message);
        Assert.Equal(1, deployment.Status.AvailableReplicas);
        Assert.Equal(1, deployment.Status.UpdatedReplicas);

        var broken = (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Single(p => p.Spec.Containers[0].Image.EndsWith(":broken"));
        Assert.Equal("Pending", broken.Status.Phase);
        Assert.Equal("ImagePullBackOff", broken.Status.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Contains(broken.Status.Conditions, c => c.Type == "Ready" && c.Status == "False" && c.Reason == "ContainersNotReady");
    }

    [Fact]
    public async Task Images_marked_bad_at_run_time_fail_too()
    {
        var ns = await fixture.NewNamespace();
        fixture.Emulator.AddBadImage("shop/web:flaky");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:flaky", replicas: 1), ns);
        var pod = await Eventually.Until(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.FirstOrDefault(),
            p => p?.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ImagePullBackOff", "ImagePullBackOff");
        Assert.False(pod!.Status.ContainerStatuses[0].Ready);
    }

    [Fact]
    public async Task Undo_as_kubectl_does_it_makes_the_previous_replica_set_current_with_the_next_revision()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1), ns);
        await Eventually.Until(() => Read(ns), RolledOut, "the first rollout");
        await SetImage(ns, "shop/web:2");
        await Eventually.Until(() => Read(ns), d => d.Metadata.Generation == 2 && RolledOut(d), "the second rollout");

        // kubectl rollout undo: the template of the previous revision, without its pod-template-hash, as a JSON patch.
        var previous = (await ReplicaSets(ns))[0];
        var template = previous.Spec.Template;
        template.Metadata.Labels.Remove("pod-template-hash");
        var patch = $$"""[{"op":"replace","path":"/spec/template","value":{{KubernetesJson.Serialize(template)}}}]""";
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), "web", ns);

        var deployment = await Eventually.Until(() => Read(ns), d => d.Metadata.Generation == 3 && RolledOut(d), "the undo");
        Assert.Equal("3", deployment.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        var sets = await ReplicaSets(ns);
        Assert.Equal(2, sets.Count);
        Assert.Equal(previous.Metadata.Name, sets[1].Metadata.Name);
        Assert.Equal("3", sets[1].Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("1", sets[1].Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
        Assert.Equal("shop/web:1", sets[1].Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Old_replica_sets_beyond_the_revision_history_limit_are_deleted()
    {
        var ns = await fixture.NewNamespace();
        var web = Workloads.Deployment("web", "shop/web:1", replicas: 1);
        web.Spec.RevisionHistoryLimit = 1;
        await Client.AppsV1.CreateNamespacedDeploymentAsync(web, ns);
        await Eventually.Until(() => Read(ns), RolledOut, "the first rollout");
        for (var i = 2; i <= 4; i++)
        {
            await SetImage(ns, $"shop/web:{i}");
            var generation = i;
            await Eventually.Until(() => Read(ns), d => d.Metadata.Generation == generation && RolledOut(d), $"rollout {i}");
        }
        var sets = await Eventually.Until(async () => (await ReplicaSets(ns)).Select(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"]).ToList(),
            revisions => revisions.SequenceEqual(["3", "4"]), "only revisions 3 and 4 to remain");
        Assert.Equal(2, sets.Count);
    }

    [Fact]
    public async Task Annotations_of_the_deployment_are_copied_to_its_replica_sets_for_rollout_history()
    {
        var ns = await fixture.NewNamespace();
        var web = Workloads.Deployment("web", "shop/web:1", replicas: 1);
        web.Metadata.Annotations = new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "release 1" };
        await Client.AppsV1.CreateNamespacedDeploymentAsync(web, ns);
        var rs = await Eventually.Until(async () => (await ReplicaSets(ns)).FirstOrDefault(), r => r is not null, "the replica set");
        Assert.Equal("release 1", rs!.Metadata.Annotations["kubernetes.io/change-cause"]);
    }

    [Fact]
    public async Task The_Recreate_strategy_removes_old_pods_before_starting_new_ones()
    {
        var ns = await fixture.NewNamespace();
        var web = Workloads.Deployment("web", "shop/web:1", replicas: 2);
        web.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" };
        await Client.AppsV1.CreateNamespacedDeploymentAsync(web, ns);
        await Eventually.Until(() => Read(ns), RolledOut, "the first rollout");
        await SetImage(ns, "shop/web:2");
        var deployment = await Eventually.Until(() => Read(ns), d => d.Metadata.Generation == 2 && RolledOut(d), "the recreate");
        Assert.Null(deployment.Spec.Strategy.RollingUpdate);
        Assert.Equal(2, (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count);
    }

    [Fact]
    public async Task Deleting_a_deployment_deletes_its_replica_sets_and_pods()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 2), ns);
        await Eventually.Until(() => Read(ns), RolledOut, "the rollout");
        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns);
        await Eventually.Until(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count, n => n == 0, "the pods to go");
        Assert.Empty((await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
    }

    [Fact]
    public async Task Stateful_sets_and_daemon_sets_report_the_status_rollout_status_reads()
    {
        var ns = await fixture.NewNamespace();
        var template = Workloads.Deployment("db", "shop/db:1").Spec.Template;
        await Client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec { Replicas = 2, ServiceName = "db", Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } }, Template = template },
        }, ns);
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "agent" },
            Spec = new V1DaemonSetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } }, Template = template },
        }, ns);

        var sts = await Eventually.Until(() => Client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns),
            s => s.Status?.ReadyReplicas == 2 && s.Status.CurrentRevision == s.Status.UpdateRevision, "the stateful set");
        Assert.Equal(2, sts.Status.UpdatedReplicas);
        var pods = (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "statefulset.kubernetes.io/pod-name")).Items;
        Assert.Equal(["db-0", "db-1"], pods.Select(p => p.Metadata.Name).Order());

        var ds = await Eventually.Until(() => Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", ns),
            d => d.Status?.NumberAvailable == 1, "the daemon set");
        Assert.Equal(1, ds.Status.DesiredNumberScheduled);
        Assert.Equal(1, ds.Status.UpdatedNumberScheduled);
    }
}
