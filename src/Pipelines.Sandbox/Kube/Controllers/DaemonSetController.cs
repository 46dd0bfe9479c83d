using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// A DaemonSet controller for the emulator's single node: one pod per DaemonSet, replaced when the
/// template changes, and the status fields `kubectl rollout status` reads.
/// </summary>
internal sealed class DaemonSetController(ClusterAccess cluster, EventRecorder events)
{
    private readonly ControllerRevisions revisions = new(cluster);

    private const string RevisionLabel = "controller-revision-hash";

    /// <summary>Reconciles the queued daemon sets.</summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        var kinds = cluster.Catalog;
        var kind = kinds.DaemonSets;
        foreach (var key in work.Where(k => k.Kind == kind))
        {
            if (cluster.Get(key) is not { } ds || ds.String("metadata", "deletionTimestamp") is not null) continue;
            var template = ds.At("spec", "template") as JsonObject ?? new JsonObject();
            var hash = PodTemplateHash.Of(template);
            revisions.Ensure(kinds.DaemonSets, ds, template, hash);
            var pods = cluster.OwnedBy(kinds.Pods, ds);
            // OnDelete: an outdated pod stays until someone deletes it; the new one gets the new template.
            if (ds.String("spec", "updateStrategy", "type") != "OnDelete")
                foreach (var pod in pods.Where(p => p.String("metadata", "labels", RevisionLabel) != hash)) cluster.Delete(kinds.Pods, pod);
            pods = cluster.OwnedBy(kinds.Pods, ds);
            if (pods.Count == 0)
            {
                var created = cluster.Create(kinds.Pods, ds.Namespace()!, cluster.PodFrom(template, kinds.DaemonSets, ds, null, new Dictionary<string, string>
                {
                    [RevisionLabel] = hash,
                    ["pod-template-generation"] = (ds.Long("metadata", "generation") ?? 1).ToString(CultureInfo.InvariantCulture),
                }));
                if (created.IsSuccess) events.Normal(kinds.DaemonSets, ds, "SuccessfulCreate", $"Created pod: {((JsonObject)created.Body).Name()}", "daemonset-controller");
                else events.Warning(kinds.DaemonSets, ds, "FailedCreate", $"Error creating: {created.Body.String("message")}", "daemonset-controller");
                pods = cluster.OwnedBy(kinds.Pods, ds);
            }
            var ready = pods.Count(ClusterAccess.IsReady);
            cluster.Change(kinds.DaemonSets, ds, o =>
            {
                var status = new JsonObject
                {
                    ["currentNumberScheduled"] = pods.Count,
                    ["numberMisscheduled"] = 0,
                    ["desiredNumberScheduled"] = 1,
                    ["numberReady"] = ready,
                    ["observedGeneration"] = ds.Long("metadata", "generation") ?? 1,
                    ["updatedNumberScheduled"] = pods.Count(p => p.String("metadata", "labels", RevisionLabel) == hash),
                    ["numberAvailable"] = ready,
                };
                if (ready < 1) status["numberUnavailable"] = 1 - ready;
                o["status"] = status;
            }, subresource: "status");
        }
    }
}
