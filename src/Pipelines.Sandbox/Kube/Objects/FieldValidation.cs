using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// Fields the schema of a kind does not declare. The API server decodes into typed objects: an unknown field is dropped
/// (fieldValidation=Ignore), dropped with a warning (Warn, the default), or refused (Strict); server-side apply always
/// refuses it, because it types the applied configuration against the schema first. Subtrees the emulator keeps
/// opaque (<see cref="SchemaNode.PreservesUnknownFields"/>) are not checked.
/// </summary>
public static class FieldValidation
{
    /// <param name="applyStyle">Paths as server-side apply writes them (<c>.spec.containers[name="web"].x</c>) rather than
    /// as the strict decoder does (<c>spec.containers[0].x</c>).</param>
    public static IReadOnlyList<string> Unknown(JsonObject obj, SchemaNode schema, bool applyStyle = false)
    {
        var found = new List<string>();
        Walk(obj, schema, applyStyle ? "" : null, applyStyle, found);
        return found;
    }

    /// <summary>A copy without the fields the schema does not declare, as a typed decode leaves it.</summary>
    public static JsonObject WithoutUnknown(JsonObject obj, SchemaNode schema)
    {
        var copy = (JsonObject)obj.DeepClone();
        Drop(copy, schema);
        return copy;
    }

    /// <summary>The strict decoder's message: <c>strict decoding error: unknown field "spec.replica"</c>.</summary>
    public static string StrictMessage(IReadOnlyList<string> unknown) =>
        "strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));

    /// <summary>Server-side apply's message, naming the object as <c>ns/name; apps/v1, Kind=Deployment</c>.</summary>
    public static string ApplyMessage(IReadOnlyList<string> unknown, string? ns, string name, ResourceKind kind) =>
        $"failed to create typed patch object ({ns}/{name}; {(kind.Group.Length == 0 ? "/" : kind.Group + "/")}{kind.Version}, Kind={kind.Kind}): " +
        (unknown.Count == 1 ? $"{unknown[0]}: field not declared in schema" : "errors:\n" + string.Join("\n", unknown.Select(u => $"  {u}: field not declared in schema")));

    private static void Walk(JsonNode? node, SchemaNode? schema, string? path, bool applyStyle, List<string> found)
    {
        if (node is null || schema is null || schema.PreservesUnknownFields) return;
        switch (node)
        {
            case JsonObject map when schema.Properties is { } properties:
                foreach (var (key, value) in map)
                {
                    var child = Join(path, key, applyStyle);
                    if (properties.TryGetValue(key, out var childSchema)) Walk(value, childSchema, child, applyStyle, found);
                    else if (schema.AdditionalProperties is { } extra) Walk(value, extra, child, applyStyle, found);
                    else found.Add(child);
                }
                break;
            case JsonObject map when schema.AdditionalProperties is { } values:
                foreach (var (key, value) in map) Walk(value, values, Join(path, key, applyStyle), applyStyle, found);
                break;
            case JsonArray list when schema.Items is { } items:
                for (var i = 0; i < list.Count; i++) Walk(list[i], items, path + Index(list[i], i, schema, applyStyle), applyStyle, found);
                break;
        }
    }

    private static void Drop(JsonNode? node, SchemaNode? schema)
    {
        if (node is null || schema is null || schema.PreservesUnknownFields) return;
        switch (node)
        {
            case JsonObject map when schema.Properties is { } properties:
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    if (properties.TryGetValue(key, out var childSchema)) Drop(map[key], childSchema);
                    else if (schema.AdditionalProperties is { } extra) Drop(map[key], extra);
                    else map.Remove(key);
                }
                break;
            case JsonObject map when schema.AdditionalProperties is { } values:
                foreach (var (_, value) in map) Drop(value, values);
                break;
            case JsonArray list when schema.Items is { } items:
                foreach (var item in list) Drop(item, items);
                break;
        }
    }

    private static string Join(string? path, string key, bool applyStyle) =>
        applyStyle ? $"{path}.{key}" : string.IsNullOrEmpty(path) ? key : $"{path}.{key}";

    private static string Index(JsonNode? element, int index, SchemaNode list, bool applyStyle)
    {
        if (!applyStyle || list.ListType != "map" || list.ListMapKeys is not { } keys || element is not JsonObject item) return $"[{index}]";
        var parts = keys.Where(k => item[k] is not null).Select(k => $"{k}={item[k]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}");
        return $"[{string.Join(",", parts)}]";
    }
}
