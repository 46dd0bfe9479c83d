using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Kubernetes;

/// <summary>
/// Reading fields of a workload object as the API serves it (JSON, camelCase), by path. Workloads are read
/// untyped: the few fields a rollout and a live image need, without KubernetesClient's typed models, whose JSON
/// metadata for a whole pod spec cost a release process ~70 ms to prepare (docs/benchmarks.md).
/// </summary>
internal static class WorkloadJson
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var name in path) node = node is JsonObject o ? o[name] : null;
        return node;
    }

    public static string? Text(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.ToString() : null;

    public static long? Number(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), out var number) ? number : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray array ? array.OfType<JsonObject>() : [];
}
