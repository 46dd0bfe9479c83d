using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Selectors;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>The /scale subresource: a workload seen as an autoscaling/v1 Scale, and a Scale written back as spec.replicas.</summary>
public static class ScaleSubresource
{
    public static JsonObject From(JsonObject workload)
    {
        var meta = workload["metadata"] as JsonObject ?? new JsonObject();
        var scaleMeta = new JsonObject();
        foreach (var key in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
            if (meta[key] is { } value) scaleMeta[key] = value.DeepClone();
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = workload.Long("spec", "replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload.Long("status", "replicas") ?? 0,
                ["selector"] = LabelSelector.FromObject(workload.At("spec", "selector"))?.ToString() ?? "",
            },
        };
    }

    /// <summary>The workload with the replicas the Scale asks for; null when the Scale names none.</summary>
    public static JsonObject? Apply(JsonObject workload, JsonNode? scale)
    {
        if (scale.Long("spec", "replicas") is not { } replicas) return null;
        var next = (JsonObject)workload.DeepClone();
        next.Ensure("spec")["replicas"] = replicas;
        if (scale.String("metadata", "resourceVersion") is { Length: > 0 } version) next.Meta()["resourceVersion"] = version;
        return next;
    }
}
