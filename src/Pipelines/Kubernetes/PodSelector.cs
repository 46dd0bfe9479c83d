using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>Whether a workload's <c>spec.selector.matchLabels</c> selects a pod (pure). A workload without matchLabels (a CronJob,
/// a bare pod) selects none: its pods are not read this way. <c>matchExpressions</c> are not read; such a workload shows no troubles.</summary>
internal static class PodSelector
{
    public static bool Selects(JsonObject workload, JsonObject pod)
    {
        if (At(workload, "spec", "selector", "matchLabels") is not JsonObject match || match.Count == 0) return false;
        if (At(workload, "spec", "selector", "matchExpressions") is JsonArray { Count: > 0 }) return false;
        return match.All(m => Text(m.Value) is { } wanted && Text(pod, "metadata", "labels", m.Key) == wanted);
    }
}
