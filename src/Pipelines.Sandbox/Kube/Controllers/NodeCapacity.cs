using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>The one emulated node's allocatable cpu (cores) and memory (bytes), and what a pod asks of them.</summary>
internal sealed record NodeCapacity(decimal Cpu, decimal Memory)
{
    /// <summary>
    /// A pod's requests as the scheduler counts them: the sum over its containers (a missing request defaults to the
    /// limit), or the largest init container's when that is more.
    /// </summary>
    public static (decimal Cpu, decimal Memory) Requests(JsonObject pod)
    {
        static (decimal, decimal) Of(JsonNode? container)
        {
            decimal Get(string resource) => Quantity.Parse(container.String("resources", "requests", resource) ?? container.String("resources", "limits", resource));
            return (Get("cpu"), Get("memory"));
        }
        var containers = (pod.At("spec", "containers") as JsonArray ?? []).Select(Of).ToList();
        var inits = (pod.At("spec", "initContainers") as JsonArray ?? []).Select(Of).ToList();
        var cpu = Math.Max(containers.Sum(c => c.Item1), inits.Select(c => c.Item1).DefaultIfEmpty().Max());
        var memory = Math.Max(containers.Sum(c => c.Item2), inits.Select(c => c.Item2).DefaultIfEmpty().Max());
        return (cpu, memory);
    }

    /// <summary>Why the pod does not fit beside what the pods already on the node request (the scheduler's message), or null when it fits.</summary>
    public string? WhyNotFits(JsonObject pod, (decimal Cpu, decimal Memory) used)
    {
        var (cpu, memory) = Requests(pod);
        var missing = new List<string>();
        if (cpu > 0 && used.Cpu + cpu > Cpu) missing.Add("Insufficient cpu");
        if (memory > 0 && used.Memory + memory > Memory) missing.Add("Insufficient memory");
        if (missing.Count == 0) return null;
        return $"0/1 nodes are available: {string.Join(", ", missing.Select(m => "1 " + m))}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    }
}
