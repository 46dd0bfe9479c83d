using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>
/// Pure functions, one per kind, from a workload object (as the API serves it) to its rollout state, with the
/// rules and messages of kubectl's <c>pkg/polymorphichelpers/rollout_status.go</c>. No I/O: the watch loop that
/// calls them lives at the edge, apart from the decision.
/// </summary>
public static class RolloutStatus
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

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
        if (Text(daemonSet, "spec", "updateStrategy", "type") is { } type && type != "RollingUpdate")
        {
            return new RolloutState("", true, $"rollout status is only available for RollingUpdate strategy type, not {type}", progress);
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
        if (Text(strategy, "type") is { } type && type != "RollingUpdate")
        {
            return new RolloutState("", true, $"rollout status is only available for RollingUpdate strategy type, not {type}", progress);
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
}
