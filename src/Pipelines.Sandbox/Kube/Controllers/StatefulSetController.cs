using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// A StatefulSet controller reduced to what rollouts show: pods name-0…name-(n-1) labelled with the
/// controller-revision-hash of their template; on a template change the highest outdated pod is replaced
/// once all pods are ready (one at a time, as RollingUpdate does, down to its partition; never with OnDelete, where a
/// deleted pod comes back with the new template); status counts and revisions follow.
/// </summary>
internal sealed class StatefulSetController(ClusterAccess cluster, EventRecorder events)
{
    private readonly ControllerRevisions revisions = new(cluster);

    private const string RevisionLabel = "controller-revision-hash";

    /// <summary>Reconciles the queued stateful sets.</summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        var kinds = cluster.Catalog;
        var kind = kinds.StatefulSets;
        foreach (var key in work.Where(k => k.Kind == kind))
        {
            if (cluster.Get(key) is not { } sts) continue;
            var name = sts.Name();
            var replicas = (int)(sts.Long("spec", "replicas") ?? 1);
            var template = sts.At("spec", "template") as JsonObject ?? new JsonObject();
            if (sts.String("metadata", "deletionTimestamp") is not null) continue;
            var updateRevision = revisions.Ensure(kinds.StatefulSets, sts, template, PodTemplateHash.Of(template));
            var pods = cluster.OwnedBy(kinds.Pods, sts).Where(p => p.String("metadata", "deletionTimestamp") is null).ToList();
            foreach (var pod in pods.Where(p => Ordinal(p, name) is not { } o || o >= replicas))
            {
                cluster.Delete(kinds.Pods, pod);
                events.Normal(kinds.StatefulSets, sts, "SuccessfulDelete", $"delete Pod {pod.Name()} in StatefulSet {name} successful", "statefulset-controller");
            }
            // A pod still terminating keeps its name: its successor is made once it is gone.
            var named = cluster.OwnedBy(kinds.Pods, sts).Select(p => p.Name()).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < replicas; i++)
            {
                if (named.Contains($"{name}-{i}")) continue;
                var created = cluster.Create(kinds.Pods, sts.Namespace()!, cluster.PodFrom(template, kinds.StatefulSets, sts, $"{name}-{i}",
                    new Dictionary<string, string>
                    {
                        [RevisionLabel] = updateRevision,
                        ["statefulset.kubernetes.io/pod-name"] = $"{name}-{i}",
                        ["apps.kubernetes.io/pod-index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }));
                if (created.IsSuccess)
                    events.Normal(kinds.StatefulSets, sts, "SuccessfulCreate", $"create Pod {name}-{i} in StatefulSet {name} successful", "statefulset-controller");
                else
                {
                    events.Warning(kinds.StatefulSets, sts, "FailedCreate", $"create Pod {name}-{i} in StatefulSet {name} failed error: {created.Body.String("message")}", "statefulset-controller");
                    break;
                }
            }
            pods = cluster.OwnedBy(kinds.Pods, sts).Where(p => p.String("metadata", "deletionTimestamp") is null).ToList();
            // OnDelete: the controller never replaces a pod; each takes the new template when someone deletes it.
            // RollingUpdate with a partition: pods with a lower ordinal keep the old one.
            var onDelete = sts.String("spec", "updateStrategy", "type") == "OnDelete";
            var partition = sts.Long("spec", "updateStrategy", "rollingUpdate", "partition") ?? 0;
            var outdated = onDelete ? null : pods.Where(p => p.String("metadata", "labels", RevisionLabel) != updateRevision && Ordinal(p, name) >= partition)
                .OrderByDescending(p => Ordinal(p, name)).FirstOrDefault();
            if (outdated is not null && pods.Count == replicas && pods.All(ClusterAccess.IsReady))
            {
                cluster.Delete(kinds.Pods, outdated);
                events.Normal(kinds.StatefulSets, sts, "SuccessfulDelete", $"delete Pod {outdated.Name()} in StatefulSet {name} successful", "statefulset-controller");
                pods = cluster.OwnedBy(kinds.Pods, sts).Where(p => p.String("metadata", "deletionTimestamp") is null).ToList();
            }
            var ready = pods.Count(ClusterAccess.IsReady);
            var updated = pods.Count(p => p.String("metadata", "labels", RevisionLabel) == updateRevision);
            cluster.Change(kinds.StatefulSets, sts, o =>
            {
                var previousCurrent = o.String("status", "currentRevision");
                var current = updated == pods.Count || previousCurrent is null ? updateRevision : previousCurrent;
                o["status"] = new JsonObject
                {
                    ["observedGeneration"] = sts.Long("metadata", "generation") ?? 1,
                    ["replicas"] = pods.Count,
                    ["readyReplicas"] = ready,
                    ["currentReplicas"] = current == updateRevision ? updated : pods.Count - updated,
                    ["updatedReplicas"] = updated,
                    ["currentRevision"] = current,
                    ["updateRevision"] = updateRevision,
                    ["collisionCount"] = 0,
                    ["availableReplicas"] = ready,
                };
            }, subresource: "status");
        }
    }

    private static int? Ordinal(JsonObject pod, string set) =>
        pod.Name().StartsWith(set + "-", StringComparison.Ordinal) && int.TryParse(pod.Name()[(set.Length + 1)..], out var i) ? i : null;
}
