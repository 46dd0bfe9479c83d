using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>
/// Server-side apply (application/apply-patch+yaml) for a single field manager: the applied
/// configuration is merged into the live object (maps by field, lists of type map by their keys, sets
/// as unions, everything else replaced), and fields this manager applied before but no longer names are
/// removed, using the FieldsV1 set kept in metadata.managedFields. Ownership by other managers and
/// conflicts are not emulated: every apply behaves as if forced.
/// </summary>
public static class ServerSideApply
{
    public static JsonObject Apply(JsonObject? live, JsonObject applied, SchemaNode schema, string manager, string apiVersion, string now)
    {
        var result = live is null ? new JsonObject() : (JsonObject)live.DeepClone();
        var newSet = FieldSet.Of(applied, schema);
        var entries = result["metadata"]?["managedFields"] as JsonArray;
        var previous = entries?.OfType<JsonObject>().FirstOrDefault(e =>
            (string?)e["manager"] == manager && (string?)e["operation"] == "Apply");
        if (previous?["fieldsV1"] is JsonObject oldSet) Prune(result, oldSet, newSet, schema);
        Merge(result, applied, schema);

        if (result["metadata"] is not JsonObject meta) result["metadata"] = meta = new JsonObject();
        var managed = new JsonArray((entries ?? []).OfType<JsonObject>()
            .Where(e => !((string?)e["manager"] == manager && (string?)e["operation"] == "Apply"))
            .Select(e => (JsonNode)e.DeepClone()).ToArray());
        managed.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = now,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = newSet,
        });
        meta["managedFields"] = managed;
        return result;
    }

    private static void Merge(JsonObject live, JsonObject applied, SchemaNode? schema)
    {
        foreach (var (key, value) in applied)
        {
            var child = schema?.Property(key);
            switch (value)
            {
                case null:
                    live.Remove(key);
                    break;
                case JsonObject map when live[key] is JsonObject existing:
                    Merge(existing, map, child);
                    break;
                case JsonArray list when child?.ListType == "map" && child.ListMapKeys is { } keys && live[key] is JsonArray existing:
                    live[key] = MergeMapList(existing, list, keys, child.Items);
                    break;
                case JsonArray list when child?.ListType == "set" && live[key] is JsonArray existing:
                    var union = list.Select(i => i?.DeepClone()).ToList();
                    union.AddRange(existing.Where(e => !list.Any(i => JsonNode.DeepEquals(i, e))).Select(e => e?.DeepClone()));
                    live[key] = new JsonArray(union.ToArray());
                    break;
                default:
                    live[key] = value.DeepClone();
                    break;
            }
        }
    }

    private static JsonArray MergeMapList(JsonArray live, JsonArray applied, IReadOnlyList<string> keys, SchemaNode? items)
    {
        var remaining = live.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToList();
        var result = new List<JsonNode?>();
        foreach (var element in applied.OfType<JsonObject>())
        {
            var key = FieldSet.ElementKey(element, keys, items);
            var match = remaining.FirstOrDefault(r => FieldSet.ElementKey(r, keys, items) == key);
            if (match is null) result.Add(element.DeepClone());
            else
            {
                remaining.Remove(match);
                Merge(match, element, items);
                result.Add(match);
            }
        }
        result.AddRange(remaining);
        return new JsonArray(result.ToArray());
    }

    /// <summary>Removes from the live object what the old field set names and the new one does not.</summary>
    private static void Prune(JsonNode live, JsonObject oldSet, JsonObject newSet, SchemaNode? schema)
    {
        foreach (var (key, oldChild) in oldSet)
        {
            if (key == ".") continue;
            var newChild = newSet[key] as JsonObject;
            if (key.StartsWith("f:", StringComparison.Ordinal) && live is JsonObject map)
            {
                var field = key[2..];
                if (newChild is null) map.Remove(field);
                else if (oldChild is JsonObject o && o.Count > 0 && map[field] is { } next)
                    Prune(next, o, newChild, schema?.Property(field));
            }
            else if (key.StartsWith("k:", StringComparison.Ordinal) && live is JsonArray list && schema?.ListMapKeys is { } keys)
            {
                var element = list.OfType<JsonObject>().FirstOrDefault(e => FieldSet.ElementKey(e, keys, schema.Items) == key);
                if (element is null) continue;
                if (newChild is null) list.Remove(element);
                else if (oldChild is JsonObject o) Prune(element, o, newChild, schema.Items);
            }
            else if (key.StartsWith("v:", StringComparison.Ordinal) && live is JsonArray values && newChild is null)
            {
                var value = JsonNode.Parse(key[2..]);
                var found = values.FirstOrDefault(v => JsonNode.DeepEquals(v, value));
                if (found is not null || value is null) values.Remove(found);
            }
        }
    }
}
