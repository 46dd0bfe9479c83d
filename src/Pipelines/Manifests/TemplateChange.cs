namespace Pipelines.Manifests;

/// <summary>What applying a new pod template to a workload does to its running pods.</summary>
public enum TemplateChange
{
    /// <summary>The controller replaces the pods (Deployment, StatefulSet and DaemonSet with RollingUpdate): wait as kubectl rollout status does.</summary>
    RollsOut,
    /// <summary>Nothing runs until the next scheduled Job (CronJob).</summary>
    NextRun,
    /// <summary>The running pods keep the old template; only pods made later get the new one (ReplicaSet).</summary>
    NewPodsOnly,
    /// <summary>The kubelet restarts the changed containers in place (Pod: only images can change).</summary>
    InPlace,
    /// <summary>The API server refuses a changed pod template (Job: spec.template is immutable).</summary>
    Immutable,
}
