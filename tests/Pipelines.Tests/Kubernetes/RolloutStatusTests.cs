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
    public void OnDelete_strategy_has_no_rollout_status()
    {
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "x", Generation = 1 },
            Spec = new V1StatefulSetSpec { UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" } },
        };
        Assert.Contains("only available for RollingUpdate", RolloutStatus.OfStatefulSet(Json(set)).Error);
    }
}
