using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// Whether a write leaves an object as it was: equal but for metadata.resourceVersion and the times of managedFields
/// entries (ownership is part of the object: a new manager of the same values is a change). Compared in place: every
/// write asks, and copying both objects to strip those fields first cost two deep copies per write.
/// </summary>
internal static class SameObject
{
    public static bool IgnoringVersion(JsonObject current, JsonObject next) =>
        SameExcept(current, next, null, (key, a, b) => key == "metadata" && a is JsonObject am && b is JsonObject bm
            ? SameExcept(am, bm, "resourceVersion", (k, x, y) => k == "managedFields" ? SameEntries(x, y) : JsonNode.DeepEquals(x, y))
            : JsonNode.DeepEquals(a, b));

    private static bool SameEntries(JsonNode? a, JsonNode? b)
    {
        if (a is not JsonArray left || b is not JsonArray right) return JsonNode.DeepEquals(a, b);
        if (left.Count != right.Count) return false;
        for (var i = 0; i < left.Count; i++)
        {
            var same = left[i] is JsonObject x && right[i] is JsonObject y
                ? SameExcept(x, y, "time", (_, p, q) => JsonNode.DeepEquals(p, q))
                : JsonNode.DeepEquals(left[i], right[i]);
            if (!same) return false;
        }
        return true;
    }

    /// <summary>The same properties (in any order, <paramref name="ignored"/> left out) with values <paramref name="same"/> says are equal.</summary>
    private static bool SameExcept(JsonObject a, JsonObject b, string? ignored, Func<string, JsonNode?, JsonNode?, bool> same)
    {
        var count = 0;
        foreach (var (key, value) in a)
        {
            if (key == ignored) continue;
            if (!b.TryGetPropertyValue(key, out var other) || !same(key, value, other)) return false;
            count++;
        }
        return count == b.Count - (ignored is not null && b.ContainsKey(ignored) ? 1 : 0);
    }
}
