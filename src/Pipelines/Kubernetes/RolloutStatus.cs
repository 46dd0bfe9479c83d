using k8s.Models;

namespace Pipelines.Kubernetes;

/// <summary>
/// Pure functions, one per kind, from a workload object to its rollout state, with the rules and
/// messages of kubectl's <c>pkg/polymorphichelpers/rollout_status.go</c>. No I/O: the watch loop that
/// calls them lives at the edge, apart from the decision.
/// </summary>
public static class RolloutStatus
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    public static RolloutState Of(V1Deployment deployment)
    {
        var name = deployment.Metadata.Name;
        var status = deployment.Status ?? new V1DeploymentStatus();
        var desired = deployment.Spec?.Replicas ?? 1;
        var progress = $"{status.UpdatedReplicas ?? 0}/{desired} updated, {status.AvailableReplicas ?? 0} available";
        if ((deployment.Metadata.Generation ?? 0) > (status.ObservedGeneration ?? 0))
        {
            return new RolloutState("Waiting for deployment spec update to be observed...", false, null, progress);
        }
        var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == ProgressDeadlineExceeded)
        {
            return new RolloutState("", false, $"deployment \"{name}\" exceeded its progress deadline", progress);
        }
        if ((status.UpdatedReplicas ?? 0) < desired)
        {
            return new RolloutState($"Waiting for deployment \"{name}\" rollout to finish: {status.UpdatedReplicas ?? 0} out of {desired} new replicas have been updated...", false, null, progress);
        }
        if ((status.Replicas ?? 0) > (status.UpdatedReplicas ?? 0))
        {
            return new RolloutState($"Waiting for deployment \"{name}\" rollout to finish: {(status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0)} old replicas are pending termination...", false, null, progress);
        }
        if ((status.AvailableReplicas ?? 0) < (status.UpdatedReplicas ?? 0))
        {
            return new RolloutState($"Waiting for deployment \"{name}\" rollout to finish: {status.AvailableReplicas ?? 0} of {status.UpdatedReplicas ?? 0} updated replicas are available...", false, null, progress);
        }
        return new RolloutState($"deployment \"{name}\" successfully rolled out", true, null, progress);
    }

    public static RolloutState Of(V1DaemonSet daemonSet)
    {
        var name = daemonSet.Metadata.Name;
        var status = daemonSet.Status ?? new V1DaemonSetStatus();
        var progress = $"{status.UpdatedNumberScheduled ?? 0}/{status.DesiredNumberScheduled} updated, {status.NumberAvailable ?? 0} available";
        if (daemonSet.Spec?.UpdateStrategy?.Type is { } type && type != "RollingUpdate")
        {
            return new RolloutState("", true, $"rollout status is only available for RollingUpdate strategy type, not {type}", progress);
        }
        if ((daemonSet.Metadata.Generation ?? 0) > (status.ObservedGeneration ?? 0))
        {
            return new RolloutState("Waiting for daemon set spec update to be observed...", false, null, progress);
        }
        if ((status.UpdatedNumberScheduled ?? 0) < status.DesiredNumberScheduled)
        {
            return new RolloutState($"Waiting for daemon set \"{name}\" rollout to finish: {status.UpdatedNumberScheduled ?? 0} out of {status.DesiredNumberScheduled} new pods have been updated...", false, null, progress);
        }
        if ((status.NumberAvailable ?? 0) < status.DesiredNumberScheduled)
        {
            return new RolloutState($"Waiting for daemon set \"{name}\" rollout to finish: {status.NumberAvailable ?? 0} of {status.DesiredNumberScheduled} updated pods are available...", false, null, progress);
        }
        return new RolloutState($"daemon set \"{name}\" successfully rolled out", true, null, progress);
    }

    public static RolloutState Of(V1StatefulSet statefulSet)
    {
        var status = statefulSet.Status ?? new V1StatefulSetStatus();
        var desired = statefulSet.Spec?.Replicas ?? 1;
        var progress = $"{status.UpdatedReplicas ?? 0}/{desired} updated, {status.ReadyReplicas ?? 0} ready";
        var strategy = statefulSet.Spec?.UpdateStrategy;
        if (strategy?.Type is { } type && type != "RollingUpdate")
        {
            return new RolloutState("", true, $"rollout status is only available for RollingUpdate strategy type, not {type}", progress);
        }
        if ((status.ObservedGeneration ?? 0) == 0 || (statefulSet.Metadata.Generation ?? 0) > status.ObservedGeneration)
        {
            return new RolloutState("Waiting for statefulset spec update to be observed...", false, null, progress);
        }
        if ((status.ReadyReplicas ?? 0) < desired)
        {
            return new RolloutState($"Waiting for {desired - (status.ReadyReplicas ?? 0)} pods to be ready...", false, null, progress);
        }
        if (strategy?.RollingUpdate?.Partition is { } partition)
        {
            return (status.UpdatedReplicas ?? 0) < desired - partition
                ? new RolloutState($"Waiting for partitioned roll out to finish: {status.UpdatedReplicas ?? 0} out of {desired - partition} new pods have been updated...", false, null, progress)
                : new RolloutState($"partitioned roll out complete: {status.UpdatedReplicas ?? 0} new pods have been updated...", true, null, progress);
        }
        if (status.UpdateRevision != status.CurrentRevision)
        {
            return new RolloutState($"waiting for statefulset rolling update to complete {status.UpdatedReplicas ?? 0} pods at revision {status.UpdateRevision}...", false, null, progress);
        }
        return new RolloutState($"statefulset rolling update complete {status.CurrentReplicas ?? 0} pods at revision {status.CurrentRevision}...", true, null, progress);
    }
}
