using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>
/// The set of fields an applied configuration names, in the managedFields FieldsV1 format:
/// <c>f:name</c> for a field, <c>k:{"name":"web"}</c> for an element of a list keyed by its map keys,
/// <c>v:"value"</c> for an element of a set, and <c>.</c> for the element itself.
/// </summary>
public static class FieldSet
{
    public static JsonObject Of(JsonObject applied, SchemaNode? schema)
    {
        var set = new JsonObject();
        foreach (var (key, value) in applied)
        {
            if (key is "apiVersion" or "kind") continue;
            set["f:" + key] = Of(value, schema?.Property(key));
        }
        return set;
    }

    private static JsonObject Of(JsonNode? value, SchemaNode? schema)
    {
        switch (value)
        {
            case JsonObject map:
                return Of(map, schema);
            case JsonArray list when schema?.ListType == "map" && schema.ListMapKeys is { } keys:
                var items = new JsonObject();
                foreach (var item in list.OfType<JsonObject>())
                {
                    var element = Of(item, schema.Items);
                    element["."] = new JsonObject();
                    items[ElementKey(item, keys, schema.Items)] = element;
                }
                return items;
            case JsonArray list when schema?.ListType == "set":
                var values = new JsonObject();
                foreach (var item in list) values["v:" + (item?.ToJsonString() ?? "null")] = new JsonObject();
                return values;
            default:
                return new JsonObject();
        }
    }

    /// <summary><c>k:{"containerPort":80,"protocol":"TCP"}</c>: the element's map keys, defaulted as the schema says.</summary>
    public static string ElementKey(JsonObject item, IReadOnlyList<string> keys, SchemaNode? itemSchema)
    {
        var key = new JsonObject();
        foreach (var k in keys.Order(StringComparer.Ordinal))
        {
            var value = item[k]?.DeepClone() ?? (itemSchema?.Property(k)?.Default is { } d ? JsonValue.Create(d) : null);
            if (value is not null) key[k] = value;
        }
        return "k:" + key.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
