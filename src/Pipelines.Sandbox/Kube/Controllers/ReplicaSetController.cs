using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Keeps each ReplicaSet's pod count at spec.replicas (creating from the template, removing unready and newest pods
/// first) and writes its status: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration,
/// and the ReplicaFailure condition while pods cannot be created (a quota, an admission refusal), with the events
/// SuccessfulCreate, SuccessfulDelete and FailedCreate.
/// </summary>
internal sealed class ReplicaSetController(ClusterAccess cluster, EventRecorder events)
{
    /// <summary>Reconciles the queued replica sets.</summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        var kinds = cluster.Catalog;
        var kind = kinds.ReplicaSets;
        foreach (var key in work.Where(k => k.Kind == kind))
        {
            if (cluster.Get(key) is not { } rs || rs.String("metadata", "deletionTimestamp") is not null) continue;
            var desired = (int)(rs.Long("spec", "replicas") ?? 1);
            var pods = cluster.OwnedBy(kinds.Pods, rs).Where(p => p.String("metadata", "deletionTimestamp") is null).ToList();
            string? failure = null;
            if (pods.Count < desired && rs.At("spec", "template") is JsonObject template)
            {
                for (var i = pods.Count; i < desired; i++)
                {
                    var created = cluster.Create(kinds.Pods, rs.Namespace()!, cluster.PodFrom(template, kinds.ReplicaSets, rs, null, new Dictionary<string, string>()));
                    if (created.IsSuccess)
                    {
                        events.Normal(kinds.ReplicaSets, rs, "SuccessfulCreate", $"Created pod: {((JsonObject)created.Body).Name()}", "replicaset-controller");
                        continue;
                    }
                    failure = created.Body.String("message");
                    events.Warning(kinds.ReplicaSets, rs, "FailedCreate", $"Error creating: {failure}", "replicaset-controller");
                    break;
                }
                pods = cluster.OwnedBy(kinds.Pods, rs).Where(p => p.String("metadata", "deletionTimestamp") is null).ToList();
            }
            else if (pods.Count > desired)
            {
                foreach (var pod in pods.OrderBy(ClusterAccess.IsReady).ThenByDescending(p => p.String("metadata", "creationTimestamp"))
                             .Take(pods.Count - desired))
                {
                    cluster.Delete(kinds.Pods, pod);
                    events.Normal(kinds.ReplicaSets, rs, "SuccessfulDelete", $"Deleted pod: {pod.Name()}", "replicaset-controller");
                }
                pods = cluster.OwnedBy(kinds.Pods, rs).Where(p => p.String("metadata", "deletionTimestamp") is null).ToList();
            }
            var ready = pods.Count(ClusterAccess.IsReady);
            cluster.Change(kinds.ReplicaSets, rs, o =>
            {
                var previous = o["status"] as JsonObject;
                var status = new JsonObject { ["replicas"] = pods.Count };
                if (pods.Count > 0) status["fullyLabeledReplicas"] = pods.Count;
                if (ready > 0)
                {
                    status["readyReplicas"] = ready;
                    status["availableReplicas"] = ready;
                }
                status["observedGeneration"] = rs.Long("metadata", "generation") ?? 1;
                // ReplicaFailure stays while pods cannot be created, and goes once they can (or none are missing).
                if (failure is not null || (pods.Count < desired && previous is not null && Conditions.Find(previous, "ReplicaFailure") is not null))
                {
                    if (previous?["conditions"] is JsonArray kept) status["conditions"] = kept.DeepClone();
                    if (failure is not null) Conditions.Set(status, "ReplicaFailure", "True", "FailedCreate", failure, cluster.Now(), withUpdateTime: false);
                }
                o["status"] = status;
            }, subresource: "status");
        }
    }
}
