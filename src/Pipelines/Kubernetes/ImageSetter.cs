using Pipelines.Manifests;
using Pipelines.Faults;

namespace Pipelines.Kubernetes;

/// <summary><c>kubectl set image</c>: one container's image on a live workload, by strategic merge patch keyed by container name.</summary>
public static class ImageSetter
{
    /// <returns>The image the container ran before.</returns>
    public static async Task<string> SetAsync(KubeApi api, WorkloadRef workload, string container, string image, CancellationToken cancellationToken = default)
    {
        var live = await new LiveWorkloads(api).GetAsync(workload, cancellationToken)
            ?? throw new PipelinesException(FaultKind.Failed, $"{workload.Id} is not in the cluster; check --service and the namespace (kubectl get {workload.Kind} -n {workload.Namespace}).");
        var target = live.Containers.FirstOrDefault(c => c.Name == container)
            ?? throw new PipelinesException(FaultKind.Failed, $"{workload.Id} has no container '{container}'; its containers: {string.Join(", ", live.Containers.Select(c => c.Name))}.");
        if (target.Image == image) return image;
        var kind = WorkloadKinds.Get(workload.Kind);
        if (kind.RefusalReason is { } refused) throw new PipelinesException(FaultKind.Failed, $"{workload.Id}: {refused}.");
        await api.PatchAsync(LiveWorkloads.ObjectPath(workload), ImagePatch.For(kind.Kind, container, image, target.IsInit), "application/strategic-merge-patch+json", cancellationToken);
        return target.Image;
    }
}
