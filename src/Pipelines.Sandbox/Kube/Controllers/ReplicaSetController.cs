using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Keeps each ReplicaSet's pod count at spec.replicas (creating from the template, removing unready and
/// newest pods first) and writes its status: replicas, fullyLabeledReplicas, readyReplicas,
/// availableReplicas, observedGeneration.
/// </summary>
internal sealed class ReplicaSetController(ClusterAccess cluster)
{
    public void Reconcile()
    {
        var kinds = cluster.Catalog;
        foreach (var rs in cluster.All(kinds.ReplicaSets))
        {
            var desired = (int)(rs.Long("spec", "replicas") ?? 1);
            var pods = cluster.OwnedBy(kinds.Pods, rs).ToList();
            if (pods.Count < desired && rs.At("spec", "template") is JsonObject template)
            {
                for (var i = pods.Count; i < desired; i++)
                    cluster.Create(kinds.Pods, rs.Namespace()!, cluster.PodFrom(template, kinds.ReplicaSets, rs, null, new Dictionary<string, string>()));
                pods = cluster.OwnedBy(kinds.Pods, rs).ToList();
            }
            else if (pods.Count > desired)
            {
                foreach (var pod in pods.OrderBy(ClusterAccess.IsReady).ThenByDescending(p => p.String("metadata", "creationTimestamp"))
                             .Take(pods.Count - desired))
                    cluster.Delete(kinds.Pods, pod);
                pods = cluster.OwnedBy(kinds.Pods, rs).ToList();
            }
            var ready = pods.Count(ClusterAccess.IsReady);
            cluster.Change(kinds.ReplicaSets, rs, o =>
            {
                var status = new JsonObject { ["replicas"] = pods.Count };
                if (pods.Count > 0) status["fullyLabeledReplicas"] = pods.Count;
                if (ready > 0)
                {
                    status["readyReplicas"] = ready;
                    status["availableReplicas"] = ready;
                }
                status["observedGeneration"] = rs.Long("metadata", "generation") ?? 1;
                o["status"] = status;
            }, subresource: "status");
        }
    }
}
