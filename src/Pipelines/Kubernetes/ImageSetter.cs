using Pipelines.Targets;
using k8s;
using k8s.Models;

namespace Pipelines.Kubernetes;

/// <summary><c>kubectl set image</c>: one container's image on a live workload, by strategic merge patch keyed by container name.</summary>
public static class ImageSetter
{
    /// <returns>The image the container ran before.</returns>
    public static async Task<string> SetAsync(IKubernetes client, WorkloadRef workload, string container, string image, CancellationToken cancellationToken = default)
    {
        var live = await new LiveWorkloads(client).GetAsync(workload, cancellationToken)
            ?? throw new BuildFailure($"{workload.Id} is not in the cluster; check --service and the namespace (kubectl get {workload.Kind} -n {workload.Namespace}).");
        var target = live.Containers.FirstOrDefault(c => c.Name == container)
            ?? throw new BuildFailure($"{workload.Id} has no container '{container}'; its containers: {string.Join(", ", live.Containers.Select(c => c.Name))}.");
        if (target.Image == image) return image;
        var kind = workload.Kind switch { "deployment" => "Deployment", "statefulset" => "StatefulSet", "daemonset" => "DaemonSet", _ => "CronJob" };
        var patch = new V1Patch(ImagePatch.For(kind, container, image, target.IsInit), V1Patch.PatchType.StrategicMergePatch);
        switch (workload.Kind)
        {
            case "deployment": await client.AppsV1.PatchNamespacedDeploymentAsync(patch, workload.Name, workload.Namespace, cancellationToken: cancellationToken); break;
            case "statefulset": await client.AppsV1.PatchNamespacedStatefulSetAsync(patch, workload.Name, workload.Namespace, cancellationToken: cancellationToken); break;
            case "daemonset": await client.AppsV1.PatchNamespacedDaemonSetAsync(patch, workload.Name, workload.Namespace, cancellationToken: cancellationToken); break;
            default: await client.BatchV1.PatchNamespacedCronJobAsync(patch, workload.Name, workload.Namespace, cancellationToken: cancellationToken); break;
        }
        return target.Image;
    }
}
