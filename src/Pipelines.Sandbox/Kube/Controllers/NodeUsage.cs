using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// What the pods bound to the node request, kept up to date pod by pod as the scheduler's cache is, so that scheduling
/// one pod does not add up every other pod's requests again.
/// </summary>
internal sealed class NodeUsage
{
    private readonly Dictionary<ObjectKey, (decimal Cpu, decimal Memory)> requests = [];

    public (decimal Cpu, decimal Memory) Used { get; private set; }

    /// <summary>Counts the pod while it is bound and has not finished (a terminating pod still holds its place).</summary>
    public void Track(ObjectKey key, JsonObject pod)
    {
        var holds = pod.String("spec", "nodeName") == ClusterAccess.NodeName && pod.String("status", "phase") is not ("Succeeded" or "Failed");
        if (holds) Set(key, NodeCapacity.Requests(pod));
        else Forget(key);
    }

    public void Forget(ObjectKey key)
    {
        if (!requests.Remove(key, out var old)) return;
        Used = (Used.Cpu - old.Cpu, Used.Memory - old.Memory);
    }

    private void Set(ObjectKey key, (decimal Cpu, decimal Memory) now)
    {
        Forget(key);
        requests[key] = now;
        Used = (Used.Cpu + now.Cpu, Used.Memory + now.Memory);
    }
}
