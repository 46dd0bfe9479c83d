using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>Small accessors for nested JSON objects, so that rules read as field paths.</summary>
internal static class JsonPaths
{
    /// <summary>The object at the path, created (with its parents) when missing.</summary>
    public static JsonObject Ensure(this JsonObject root, params string[] path)
    {
        var node = root;
        foreach (var part in path)
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }
            node = child;
        }
        return node;
    }

    public static JsonNode? At(this JsonNode? root, params string[] path)
    {
        var node = root;
        foreach (var part in path) node = node is JsonObject o ? o[part] : null;
        return node;
    }

    public static JsonNode? At(this JsonNode? root, IReadOnlyList<string> path) => root.At([.. path]);

    public static void Default(this JsonObject o, string key, JsonNode? value)
    {
        if (o[key] is null) o[key] = value;
    }

    public static string? String(this JsonNode? root, params string[] path) =>
        root.At(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A whole number, whether the node was parsed from JSON or built in memory from an int.</summary>
    public static long? Long(this JsonNode? root, params string[] path) =>
        root.At(path) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l)
            ? l
            : null;

    public static JsonObject Meta(this JsonObject o) => o.Ensure("metadata");

    public static string Name(this JsonObject o) => o.String("metadata", "name") ?? "";

    public static string? Namespace(this JsonObject o) => o.String("metadata", "namespace");
}
