using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>
/// Pure functions, one per kind, from a workload object (as the API serves it) to its rollout state, with the
/// rules and messages of kubectl's <c>pkg/polymorphichelpers/rollout_status.go</c>. No I/O: the watch loop that
/// calls them lives at the edge, apart from the decision.
/// </summary>
internal static class RolloutStatus
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    /// <summary>An OnDelete StatefulSet or DaemonSet: the new template is stored; each pod takes it when it is deleted.</summary>
    public const string AppliedOnDelete = "applied; pods update when deleted (updateStrategy OnDelete)";

    public static RolloutState OfDeployment(JsonObject deployment)
    {
        var name = Text(deployment, "metadata", "name");
        var status = At(deployment, "status");
        var desired = Number(deployment, "spec", "replicas") ?? 1;
        var updated = Number(status, "updatedReplicas") ?? 0;
        var available = Number(status, "availableReplicas") ?? 0;
        var replicas = Number(status, "replicas") ?? 0;
        var progress = $"{updated}/{desired} updated, {available} available";
        if ((Number(deployment, "metadata", "generation") ?? 0) > (Number(status, "observedGeneration") ?? 0))
        {
            return new RolloutState("Waiting for deployment spec update to be observed...", false, null, progress);
        }
        var progressing = Objects(status, "conditions").FirstOrDefault(c => Text(c, "type") == "Progressing");
        if (Text(progressing, "reason") == ProgressDeadlineExceeded)
        {
            return new RolloutState("", false, $"deployment \"{name}\" exceeded its progress deadline", progress);
        }
        if (updated < desired)
        {
            return new RolloutState($"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {desired} new replicas have been updated...", false, null, progress);
        }
        if (replicas > updated)
        {
            return new RolloutState($"Waiting for deployment \"{name}\" rollout to finish: {replicas - updated} old replicas are pending termination...", false, null, progress);
        }
        if (available < updated)
        {
            return new RolloutState($"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...", false, null, progress);
        }
        return new RolloutState($"deployment \"{name}\" successfully rolled out", true, null, progress);
    }

    public static RolloutState OfDaemonSet(JsonObject daemonSet)
    {
        var name = Text(daemonSet, "metadata", "name");
        var status = At(daemonSet, "status");
        var updated = Number(status, "updatedNumberScheduled") ?? 0;
        var desired = Number(status, "desiredNumberScheduled") ?? 0;
        var available = Number(status, "numberAvailable") ?? 0;
        var progress = $"{updated}/{desired} updated, {available} available";
        if (Text(daemonSet, "spec", "updateStrategy", "type") is "OnDelete")
        {
            // kubectl cannot tell ("only available for RollingUpdate"); the change is applied, and pods take it when deleted.
            return new RolloutState(AppliedOnDelete, true, null, progress);
        }
        if ((Number(daemonSet, "metadata", "generation") ?? 0) > (Number(status, "observedGeneration") ?? 0))
        {
            return new RolloutState("Waiting for daemon set spec update to be observed...", false, null, progress);
        }
        if (updated < desired)
        {
            return new RolloutState($"Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated...", false, null, progress);
        }
        if (available < desired)
        {
            return new RolloutState($"Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available...", false, null, progress);
        }
        return new RolloutState($"daemon set \"{name}\" successfully rolled out", true, null, progress);
    }

    public static RolloutState OfStatefulSet(JsonObject statefulSet)
    {
        var status = At(statefulSet, "status");
        var desired = Number(statefulSet, "spec", "replicas") ?? 1;
        var updated = Number(status, "updatedReplicas") ?? 0;
        var ready = Number(status, "readyReplicas") ?? 0;
        var observed = Number(status, "observedGeneration") ?? 0;
        var progress = $"{updated}/{desired} updated, {ready} ready";
        var strategy = At(statefulSet, "spec", "updateStrategy");
        if (Text(strategy, "type") is "OnDelete")
        {
            return new RolloutState(AppliedOnDelete, true, null, progress);
        }
        if (observed == 0 || (Number(statefulSet, "metadata", "generation") ?? 0) > observed)
        {
            return new RolloutState("Waiting for statefulset spec update to be observed...", false, null, progress);
        }
        if (ready < desired)
        {
            return new RolloutState($"Waiting for {desired - ready} pods to be ready...", false, null, progress);
        }
        if (Number(strategy, "rollingUpdate", "partition") is { } partition)
        {
            return updated < desired - partition
                ? new RolloutState($"Waiting for partitioned roll out to finish: {updated} out of {desired - partition} new pods have been updated...", false, null, progress)
                : new RolloutState($"partitioned roll out complete: {updated} new pods have been updated...", true, null, progress);
        }
        var (updateRevision, currentRevision) = (Text(status, "updateRevision"), Text(status, "currentRevision"));
        if (updateRevision != currentRevision)
        {
            return new RolloutState($"waiting for statefulset rolling update to complete {updated} pods at revision {updateRevision}...", false, null, progress);
        }
        return new RolloutState($"statefulset rolling update complete {Number(status, "currentReplicas") ?? 0} pods at revision {currentRevision}...", true, null, progress);
    }

    /// <summary>A ReplicaSet does not roll out: its pods keep their template until they are replaced; done once its pods are ready.</summary>
    public static RolloutState OfReplicaSet(JsonObject replicaSet)
    {
        var name = Text(replicaSet, "metadata", "name");
        var desired = Number(replicaSet, "spec", "replicas") ?? 1;
        var ready = Number(replicaSet, "status", "readyReplicas") ?? 0;
        var progress = $"{ready}/{desired} ready";
        if ((Number(replicaSet, "metadata", "generation") ?? 0) > (Number(replicaSet, "status", "observedGeneration") ?? 0))
        {
            return new RolloutState("Waiting for replica set spec update to be observed...", false, null, progress);
        }
        return ready < desired
            ? new RolloutState($"Waiting for replica set \"{name}\": {ready} of {desired} pods are ready...", false, null, progress)
            : new RolloutState($"replica set \"{name}\": applied; its running pods keep their template until they are replaced", true, null, progress);
    }

    /// <summary>A Job runs to completion on its own; it has no rollout to wait for (and its template cannot change).</summary>
    public static RolloutState OfJob(JsonObject job)
    {
        var completions = Number(job, "spec", "completions") ?? 1;
        var succeeded = Number(job, "status", "succeeded") ?? 0;
        return new RolloutState($"job \"{Text(job, "metadata", "name")}\" has no rollout; it runs to completion on its own", true, null, $"{succeeded}/{completions} succeeded");
    }

    /// <summary>
    /// A Pod changed in place (only images can change): done once it is Ready and every container reports the image its
    /// spec names; failed when the pod has failed.
    /// </summary>
    public static RolloutState OfPod(JsonObject pod)
    {
        var name = Text(pod, "metadata", "name");
        var ready = Objects(pod, "status", "conditions").Any(c => Text(c, "type") == "Ready" && Text(c, "status") == "True");
        var statuses = Objects(pod, "status", "containerStatuses").ToList();
        var stale = Objects(pod, "spec", "containers")
            .Where(c => statuses.FirstOrDefault(s => Text(s, "name") == Text(c, "name")) is not { } status || !SameImage(Text(status, "image"), Text(c, "image")))
            .Select(c => Text(c, "name")).ToList();
        var progress = ready ? "1/1 ready" : "0/1 ready";
        if (Text(pod, "status", "phase") == "Failed")
        {
            return new RolloutState("", false, $"pod \"{name}\" failed{(Text(pod, "status", "reason") is { } reason ? $": {reason}" : "")}", progress);
        }
        if (stale.Count > 0) return new RolloutState($"Waiting for pod \"{name}\" to run the new image of {string.Join(", ", stale)}...", false, null, progress);
        return ready
            ? new RolloutState($"pod \"{name}\" runs its new images", true, null, progress)
            : new RolloutState($"Waiting for pod \"{name}\" to be ready...", false, null, progress);
    }

    // A container status may name the image fully qualified (docker.io/library/nginx:1) where the spec says nginx:1.
    private static bool SameImage(string? running, string? spec) =>
        running == spec || (running is not null && spec is not null && (running.EndsWith("/" + spec, StringComparison.Ordinal) || running.EndsWith("/library/" + spec, StringComparison.Ordinal)));
}
