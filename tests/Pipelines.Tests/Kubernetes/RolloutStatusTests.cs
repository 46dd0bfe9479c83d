using Pipelines.Manifests;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Pipelines.Kubernetes;

namespace Pipelines.Tests.Kubernetes;

/// <summary>The decisions of kubectl's rollout status, case by case.</summary>
public class RolloutStatusTests
{
    // Built with KubernetesClient's models for readability, and decided on the JSON the API would serve for them.
    private static JsonObject Json(object workload) => JsonNode.Parse(KubernetesJson.Serialize(workload))!.AsObject();

    private static V1Deployment Deployment(long generation, long observed, int replicas, int updated, int total, int available, string? progressingReason = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "front-end", Generation = generation },
        Spec = new V1DeploymentSpec { Replicas = replicas },
        Status = new V1DeploymentStatus
        {
            ObservedGeneration = observed,
            UpdatedReplicas = updated,
            Replicas = total,
            AvailableReplicas = available,
            Conditions = progressingReason is null ? null : [new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = progressingReason }],
        },
    };

    [Fact]
    public void Deployment_waits_until_the_new_generation_is_observed()
    {
        var state = RolloutStatus.OfDeployment(Json(Deployment(3, 2, 3, 3, 3, 3)));
        Assert.False(state.Done);
        Assert.Equal("Waiting for deployment spec update to be observed...", state.Message);
    }

    [Theory]
    [InlineData(1, 2, 1, "1 out of 3 new replicas have been updated...", "1/3 updated, 1 available")]
    [InlineData(3, 4, 3, "1 old replicas are pending termination...", "3/3 updated, 3 available")]
    [InlineData(3, 3, 2, "2 of 3 updated replicas are available...", "3/3 updated, 2 available")]
    public void Deployment_waits_for_updated_then_old_terminated_then_available(int updated, int total, int available, string waitingFor, string progress)
    {
        var state = RolloutStatus.OfDeployment(Json(Deployment(2, 2, 3, updated, total, available)));
        Assert.False(state.Done);
        Assert.Null(state.Error);
        Assert.Equal($"Waiting for deployment \"front-end\" rollout to finish: {waitingFor}", state.Message);
        Assert.Equal(progress, state.Progress);
    }

    [Fact]
    public void Deployment_is_done_when_all_replicas_are_updated_and_available()
    {
        var state = RolloutStatus.OfDeployment(Json(Deployment(2, 2, 3, 3, 3, 3)));
        Assert.True(state.Done);
        Assert.Equal("deployment \"front-end\" successfully rolled out", state.Message);
    }

    [Fact]
    public void Deployment_past_its_progress_deadline_fails()
    {
        var state = RolloutStatus.OfDeployment(Json(Deployment(2, 2, 3, 1, 4, 3, RolloutStatus.ProgressDeadlineExceeded)));
        Assert.True(state.Failed);
        Assert.Equal("deployment \"front-end\" exceeded its progress deadline", state.Error);
    }

    [Fact]
    public void DaemonSet_waits_for_updated_then_available_pods()
    {
        V1DaemonSet Daemon(int updated, int available) => new()
        {
            Metadata = new V1ObjectMeta { Name = "agent", Generation = 1 },
            Spec = new V1DaemonSetSpec { UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "RollingUpdate" } },
            Status = new V1DaemonSetStatus { ObservedGeneration = 1, DesiredNumberScheduled = 2, UpdatedNumberScheduled = updated, NumberAvailable = available },
        };
        Assert.Contains("1 out of 2 new pods have been updated", RolloutStatus.OfDaemonSet(Json(Daemon(1, 1))).Message);
        Assert.Contains("1 of 2 updated pods are available", RolloutStatus.OfDaemonSet(Json(Daemon(2, 1))).Message);
        Assert.True(RolloutStatus.OfDaemonSet(Json(Daemon(2, 2))).Done);
    }

    [Fact]
    public void StatefulSet_waits_for_ready_pods_then_the_update_revision()
    {
        V1StatefulSet Set(int ready, string current, string update) => new()
        {
            Metadata = new V1ObjectMeta { Name = "carts-db", Generation = 4 },
            Spec = new V1StatefulSetSpec { Replicas = 2, UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" } },
            Status = new V1StatefulSetStatus { ObservedGeneration = 4, ReadyReplicas = ready, UpdatedReplicas = 2, CurrentReplicas = 2, CurrentRevision = current, UpdateRevision = update },
        };
        Assert.Equal("Waiting for 1 pods to be ready...", RolloutStatus.OfStatefulSet(Json(Set(1, "r1", "r2"))).Message);
        Assert.Equal("waiting for statefulset rolling update to complete 2 pods at revision r2...", RolloutStatus.OfStatefulSet(Json(Set(2, "r1", "r2"))).Message);
        Assert.True(RolloutStatus.OfStatefulSet(Json(Set(2, "r2", "r2"))).Done);
    }

    [Fact]
    public void OnDelete_StatefulSets_and_DaemonSets_are_applied_and_done_their_pods_update_when_deleted()
    {
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "x", Generation = 2 },
            Spec = new V1StatefulSetSpec { Replicas = 2, UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" } },
            Status = new V1StatefulSetStatus { ObservedGeneration = 1, CurrentRevision = "x-1", UpdateRevision = "x-2", ReadyReplicas = 2 },
        };
        var daemons = new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "x", Generation = 2 },
            Spec = new V1DaemonSetSpec { UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "OnDelete" } },
        };

        foreach (var state in new[] { RolloutStatus.OfStatefulSet(Json(set)), RolloutStatus.OfDaemonSet(Json(daemons)) })
        {
            Assert.True(state.Done);
            Assert.False(state.Failed);
            Assert.Equal("applied; pods update when deleted (updateStrategy OnDelete)", state.Message);
        }
    }

    [Fact]
    public void A_pod_changed_in_place_is_done_when_ready_and_running_the_images_of_its_spec()
    {
        static V1Pod Pod(string specImage, string runningImage, bool ready, string phase = "Running") => new()
        {
            Metadata = new V1ObjectMeta { Name = "debug" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = specImage }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
                ContainerStatuses = [new V1ContainerStatus { Name = "main", Image = runningImage, ImageID = "", Ready = ready, RestartCount = 0 }],
            },
        };

        Assert.Equal("Waiting for pod \"debug\" to run the new image of main...", RolloutStatus.OfPod(Json(Pod("busybox:2", "busybox:1", true))).Message);
        Assert.True(RolloutStatus.OfPod(Json(Pod("busybox:2", "docker.io/library/busybox:2", true))).Done);
        Assert.False(RolloutStatus.OfPod(Json(Pod("busybox:2", "busybox:2", false))).Done);
        Assert.Equal("pod \"debug\" failed", RolloutStatus.OfPod(Json(Pod("busybox:2", "busybox:2", false, "Failed"))).Error);
    }

    [Fact]
    public void A_replica_set_is_done_when_its_pods_are_ready_and_says_they_keep_their_template()
    {
        var set = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "legacy", Generation = 3 },
            Spec = new V1ReplicaSetSpec { Replicas = 2, Selector = new V1LabelSelector() },
            Status = new V1ReplicaSetStatus { ObservedGeneration = 3, Replicas = 2, ReadyReplicas = 2 },
        };

        var state = RolloutStatus.OfReplicaSet(Json(set));

        Assert.True(state.Done);
        Assert.Equal("replica set \"legacy\": applied; its running pods keep their template until they are replaced", state.Message);
    }

    [Fact]
    public void Every_workload_kind_the_manifests_know_the_cluster_side_knows_too()
    {
        const string manifest = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  containers: [{name: migrate, image: team/migrate:1}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: debug}
            spec:
              containers: [{name: debug, image: busybox:1}]
            """;
        var workloads = Pipelines.Manifests.WorkloadReader.Read("x.yaml", manifest, "default");

        Assert.Equal(["default:job/migrate", "default:pod/debug"], workloads.Select(w => w.Id));
        Assert.All(workloads, w => Assert.Equal(w.Kind, WorkloadKinds.Get(WorkloadRef.Parse(w.Id).Kind).Kind));
        Assert.Equal("/apis/batch/v1/namespaces/default/jobs/migrate", LiveWorkloads.ObjectPath(WorkloadRef.Parse("default:job/migrate")));
        Assert.Equal("/api/v1/namespaces/default/pods/debug", LiveWorkloads.ObjectPath(WorkloadRef.Parse("default:pod/debug")));
    }
}
