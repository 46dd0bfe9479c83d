using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The deployment controller: one ReplicaSet per pod template (named and labelled with the
/// pod-template-hash, numbered by the deployment.kubernetes.io/revision annotation, an old one
/// re-numbered when a rollback makes it current again), rolling updates within maxSurge and
/// maxUnavailable (or Recreate), old ReplicaSets kept up to revisionHistoryLimit, and the status and
/// the Available / Progressing conditions with the real controller's reasons and messages.
/// </summary>
internal sealed class DeploymentController(ClusterAccess cluster, WorkQueue queue, EventRecorder events)
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    private static readonly HashSet<string> NotCopiedAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", RevisionAnnotation, RevisionHistoryAnnotation,
        DesiredReplicasAnnotation, MaxReplicasAnnotation, "deprecated.deployment.rollback.to",
    ];

    /// <summary>Reconciles the queued deployments; one whose progress deadline is still to come is queued again for then.</summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        var deployments = cluster.Catalog.Deployments;
        foreach (var key in work.Where(k => k.Kind == deployments))
        {
            if (cluster.Get(key) is not { } deployment || deployment.String("metadata", "deletionTimestamp") is not null) continue;
            if (Sync(deployment) is { } deadline) queue.AddAfter(key, deadline);
        }
    }

    private DateTimeOffset? Sync(JsonObject deployment)
    {
        var kinds = cluster.Catalog;
        var template = deployment.At("spec", "template") as JsonObject ?? new JsonObject();
        var replicas = (int)(deployment.Long("spec", "replicas") ?? 1);
        var all = cluster.OwnedBy(kinds.ReplicaSets, deployment).ToList();
        var newRs = all.FirstOrDefault(rs => PodTemplateHash.SameTemplate(rs.At("spec", "template"), template));
        var old = all.Where(rs => rs != newRs).OrderBy(Revision).ToList();
        var maxOldRevision = old.Count == 0 ? 0 : old.Max(Revision);
        var strategy = deployment.At("spec", "strategy");
        var (maxSurge, maxUnavailable) = strategy.String("type") == "Recreate"
            ? (0, replicas)
            : RollingUpdate.Limits(strategy?["rollingUpdate"], replicas);
        string? progressReason = null, progressMessage = null;
        if (IsPaused(deployment)) return WriteStatus(deployment, all, newRs, replicas, maxUnavailable, null, null);

        if (newRs is null)
        {
            var hash = PodTemplateHash.Of(template);
            var rsTemplate = (JsonObject)template.DeepClone();
            rsTemplate.Meta().Ensure("labels")[PodTemplateHash.Label] = hash;
            var selector = deployment.At("spec", "selector")?.DeepClone() as JsonObject ?? new JsonObject();
            selector.Ensure("matchLabels")[PodTemplateHash.Label] = hash;
            var annotations = CopiedAnnotations(deployment);
            annotations[RevisionAnnotation] = (maxOldRevision + 1).ToString(CultureInfo.InvariantCulture);
            annotations[DesiredReplicasAnnotation] = replicas.ToString(CultureInfo.InvariantCulture);
            annotations[MaxReplicasAnnotation] = (replicas + maxSurge).ToString(CultureInfo.InvariantCulture);
            var labels = template.At("metadata", "labels")?.DeepClone() as JsonObject ?? new JsonObject();
            labels[PodTemplateHash.Label] = hash;
            var rs = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ReplicaSet",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{deployment.Name()}-{hash}",
                    ["labels"] = labels,
                    ["annotations"] = annotations,
                    ["ownerReferences"] = new JsonArray(ClusterAccess.ControllerReference(kinds.Deployments, deployment)),
                },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 0,
                    ["minReadySeconds"] = deployment.Long("spec", "minReadySeconds") ?? 0,
                    ["selector"] = selector,
                    ["template"] = rsTemplate,
                },
            };
            var created = cluster.Create(kinds.ReplicaSets, deployment.Namespace()!, rs);
            if (!created.IsSuccess) return null;
            newRs = (JsonObject)created.Body;
            progressReason = "NewReplicaSetCreated";
            progressMessage = $"Created new replica set \"{newRs.Name()}\"";
        }
        else if (Revision(newRs) <= maxOldRevision || !SameAnnotations(deployment, newRs))
        {
            var previousRevision = Revision(newRs);
            var revision = Math.Max(previousRevision, maxOldRevision + 1);
            cluster.Change(kinds.ReplicaSets, newRs, o =>
            {
                var annotations = o.Meta().Ensure("annotations");
                foreach (var (k, v) in CopiedAnnotations(deployment)) annotations[k] = v?.DeepClone();
                if (revision != previousRevision)
                {
                    var history = annotations[RevisionHistoryAnnotation]?.ToString();
                    annotations[RevisionHistoryAnnotation] = string.IsNullOrEmpty(history)
                        ? previousRevision.ToString(CultureInfo.InvariantCulture)
                        : $"{history},{previousRevision}";
                    annotations[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
                }
            });
            newRs = Reread(newRs);
            if (revision != previousRevision)
            {
                progressReason = "FoundNewReplicaSet";
                progressMessage = $"Found new replica set \"{newRs.Name()}\"";
            }
        }

        // Asked only when it differs: a change that changes nothing still costs the store several copies of the deployment.
        var revisionText = Revision(newRs).ToString(CultureInfo.InvariantCulture);
        if (deployment.String("metadata", "annotations", RevisionAnnotation) != revisionText)
            cluster.Change(kinds.Deployments, deployment, o => o.Meta().Ensure("annotations")[RevisionAnnotation] = revisionText);

        Scale(deployment, newRs, old, replicas, maxSurge, maxUnavailable, strategy.String("type") == "Recreate");
        all = cluster.OwnedBy(kinds.ReplicaSets, deployment).ToList();
        // An API request may delete the new ReplicaSet (or the deployment, and with it its ReplicaSets) while this pass
        // runs; that deletion queues the deployment again, and the next pass starts from what is there.
        if (all.FirstOrDefault(rs => rs.Name() == newRs.Name()) is not { } current) return null;
        newRs = current;
        return WriteStatus(deployment, all, newRs, replicas, maxUnavailable, progressReason, progressMessage);
    }

    private void Scale(JsonObject deployment, JsonObject newRs, List<JsonObject> old, int replicas, int maxSurge, int maxUnavailable, bool recreate)
    {
        var kinds = cluster.Catalog;
        int Spec(JsonObject rs) => (int)(rs.Long("spec", "replicas") ?? 0);
        int Available(JsonObject rs) => (int)(rs.Long("status", "availableReplicas") ?? 0);
        int Actual(JsonObject rs) => (int)(rs.Long("status", "replicas") ?? 0);
        void SetReplicas(JsonObject rs, int count)
        {
            var before = Spec(rs);
            if (before == count) return;
            events.Normal(kinds.Deployments, deployment, "ScalingReplicaSet",
                $"Scaled {(count > before ? "up" : "down")} replica set {rs.Name()} from {before} to {count}", "deployment-controller");
            cluster.Change(kinds.ReplicaSets, rs, o =>
            {
                o.Ensure("spec")["replicas"] = count;
                var annotations = o.Meta().Ensure("annotations");
                annotations[DesiredReplicasAnnotation] = replicas.ToString(CultureInfo.InvariantCulture);
                annotations[MaxReplicasAnnotation] = (replicas + maxSurge).ToString(CultureInfo.InvariantCulture);
            });
        }

        if (recreate)
        {
            foreach (var rs in old) SetReplicas(rs, 0);
            if (old.All(rs => Actual(rs) == 0)) SetReplicas(newRs, replicas);
            return;
        }

        var allSpec = Spec(newRs) + old.Sum(Spec);
        var newReplicas = RollingUpdate.NewReplicas(replicas, Spec(newRs), allSpec, maxSurge);
        SetReplicas(newRs, newReplicas);

        var oldSpec = old.Sum(Spec);
        if (oldSpec == 0) return;
        var minAvailable = replicas - maxUnavailable;
        var newUnavailable = newReplicas - Available(newRs);
        var maxScaledDown = newReplicas + oldSpec - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return;
        var counts = old.ToDictionary(rs => rs, Spec);
        var cleaned = 0;
        foreach (var rs in old)
        {
            var unhealthy = counts[rs] - Available(rs);
            if (counts[rs] == 0 || unhealthy <= 0 || cleaned >= maxScaledDown) continue;
            var down = Math.Min(maxScaledDown - cleaned, unhealthy);
            counts[rs] -= down;
            cleaned += down;
        }
        var available = Available(newRs) + old.Sum(rs => Math.Min(Available(rs), counts[rs]));
        var scaleDown = available - minAvailable;
        foreach (var rs in old)
        {
            if (scaleDown <= 0) break;
            if (counts[rs] == 0) continue;
            var down = Math.Min(counts[rs], scaleDown);
            counts[rs] -= down;
            scaleDown -= down;
        }
        foreach (var (rs, count) in counts) SetReplicas(rs, count);
    }

    private DateTimeOffset? WriteStatus(JsonObject deployment, List<JsonObject> all, JsonObject? newRs, int replicas, int maxUnavailable,
        string? progressReason, string? progressMessage)
    {
        var kinds = cluster.Catalog;
        long Sum(string field) => all.Sum(rs => rs.Long("status", field) ?? 0);
        var specTotal = all.Sum(rs => rs.Long("spec", "replicas") ?? 0);
        var available = Sum("availableReplicas");
        var actual = Sum("replicas");
        var updated = newRs?.Long("status", "replicas") ?? 0;
        var ready = Sum("readyReplicas");
        var unavailable = Math.Max(0, specTotal - available);
        var now = cluster.Now();
        var deadlineSeconds = deployment.Long("spec", "progressDeadlineSeconds");
        DateTimeOffset? due = null;

        cluster.Change(kinds.Deployments, deployment, o =>
        {
            var previous = o["status"] as JsonObject ?? new JsonObject();
            var status = new JsonObject { ["observedGeneration"] = deployment.Long("metadata", "generation") ?? 1 };
            if (actual > 0) status["replicas"] = actual;
            if (updated > 0) status["updatedReplicas"] = updated;
            if (ready > 0) status["readyReplicas"] = ready;
            if (available > 0) status["availableReplicas"] = available;
            if (unavailable > 0) status["unavailableReplicas"] = unavailable;
            if (previous["conditions"] is JsonArray conditions) status["conditions"] = conditions.DeepClone();
            // The new ReplicaSet's ReplicaFailure (pods it cannot create: a quota, admission) is the deployment's too.
            if (newRs is not null && Conditions.Find(newRs["status"] as JsonObject ?? new JsonObject(), "ReplicaFailure") is { } failure)
                Conditions.Set(status, "ReplicaFailure", "True", failure.String("reason") ?? "FailedCreate", failure.String("message") ?? "", now);
            else if (status["conditions"] is JsonArray list && Conditions.Find(status, "ReplicaFailure") is { } gone)
                list.Remove(gone);

            if (available >= replicas - maxUnavailable)
                Conditions.Set(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now);
            else
                Conditions.Set(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);

            var rsName = newRs?.Name() ?? deployment.Name();
            var progressing = Conditions.Find(status, "Progressing");
            var paused = IsPaused(o);
            var complete = updated == replicas && actual == replicas && available == replicas;
            if (paused)
                Conditions.Set(status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now);
            else if (progressReason is not null)
                Conditions.Set(status, "Progressing", "True", progressReason, progressMessage!, now);
            else if (deadlineSeconds is not null)
            {
                var before = previous;
                var oldBefore = (before.Long("replicas") ?? 0) - (before.Long("updatedReplicas") ?? 0);
                var madeProgress = updated > (before.Long("updatedReplicas") ?? 0)
                                   || actual - updated < oldBefore
                                   || ready > (before.Long("readyReplicas") ?? 0)
                                   || available > (before.Long("availableReplicas") ?? 0);
                if (complete)
                    Conditions.Set(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", now);
                else if (madeProgress)
                    Conditions.Set(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, touch: true);
                else if (progressing is not null && progressing.String("reason") is not ("NewReplicaSetAvailable" or "ProgressDeadlineExceeded"))
                {
                    var since = DateTimeOffset.Parse(progressing.String("lastUpdateTime") ?? now, CultureInfo.InvariantCulture);
                    var deadline = since.AddSeconds(deadlineSeconds.Value);
                    if (deadline < cluster.UtcNow)
                        Conditions.Set(status, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.", now);
                    else due = deadline.AddMilliseconds(10);
                }
            }
            else if (complete)
                Conditions.Set(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.", now);
            o["status"] = status;
        }, subresource: "status");

        if (!IsPaused(deployment) && updated == replicas && available == replicas) CleanUpHistory(deployment, all, newRs);
        return due;
    }

    private void CleanUpHistory(JsonObject deployment, List<JsonObject> all, JsonObject? newRs)
    {
        var limit = (int)(deployment.Long("spec", "revisionHistoryLimit") ?? 10);
        var idle = all.Where(rs => rs != newRs && rs.Name() != newRs?.Name()
                                   && (rs.Long("spec", "replicas") ?? 0) == 0 && (rs.Long("status", "replicas") ?? 0) == 0)
            .OrderBy(Revision).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - limit))) cluster.Delete(cluster.Catalog.ReplicaSets, rs);
    }

    private static JsonObject CopiedAnnotations(JsonObject deployment)
    {
        var copied = new JsonObject();
        if (deployment.At("metadata", "annotations") is JsonObject annotations)
            foreach (var (k, v) in annotations)
                if (!NotCopiedAnnotations.Contains(k)) copied[k] = v?.DeepClone();
        return copied;
    }

    private static bool SameAnnotations(JsonObject deployment, JsonObject rs)
    {
        var rsAnnotations = rs.At("metadata", "annotations") as JsonObject;
        return CopiedAnnotations(deployment).All(a => JsonNode.DeepEquals(rsAnnotations?[a.Key], a.Value));
    }

    private JsonObject Reread(JsonObject rs) => cluster.Get(cluster.Catalog.ReplicaSets, rs) ?? rs;

    private static bool IsPaused(JsonObject deployment) => deployment.At("spec", "paused") is JsonValue p && p.GetValue<bool>();

    public static long Revision(JsonObject rs) =>
        long.TryParse(rs.String("metadata", "annotations", RevisionAnnotation), CultureInfo.InvariantCulture, out var r) ? r : 0;
}
