using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>
/// Strategic merge patch (application/strategic-merge-patch+json) driven by the kind's schema: lists
/// with a patch merge key merge element by element (containers by name, ports by containerPort…),
/// lists of primitives with strategy merge are unions, other lists are replaced. Directives:
/// <c>$patch: replace|delete|merge</c> on maps and list elements, <c>$retainKeys</c>,
/// <c>$setElementOrder/&lt;field&gt;</c> and <c>$deleteFromPrimitiveList/&lt;field&gt;</c>.
/// </summary>
public static class StrategicMergePatch
{
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public static JsonObject Apply(JsonObject original, JsonNode? patch, SchemaNode schema)
    {
        if (patch is not JsonObject patchObject) throw new PatchError("json: cannot unmarshal array into Go value of type map[string]interface {}");
        return MergeMap((JsonObject)original.DeepClone(), patchObject, schema)
               ?? throw new PatchError("the patch deletes the whole object", invalid: true);
    }

    /// <summary>The merged map, or null when the patch says <c>$patch: delete</c>.</summary>
    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        switch ((string?)patch["$patch"])
        {
            case null or "merge": break;
            case "replace": return Strip(patch);
            case "delete": return null;
            case var other: throw new PatchError($"Unknown patch type: {other} in map: {patch.ToJsonString()}");
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).ToHashSet();
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) original.Remove(key);
        }
        var orders = new List<(string Field, JsonArray Order)>();
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys") continue;
            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                if (value is JsonArray order) orders.Add((key[SetElementOrder.Length..], order));
                continue;
            }
            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveList.Length..];
                if (original[field] is JsonArray list && value is JsonArray gone)
                    foreach (var item in list.Where(i => gone.Any(g => JsonNode.DeepEquals(g, i))).ToList()) list.Remove(item);
                continue;
            }
            var child = schema?.Property(key);
            switch (value)
            {
                case null:
                    original.Remove(key);
                    break;
                case JsonObject map:
                    var existing = original[key] as JsonObject;
                    var merged = MergeMap(existing ?? new JsonObject(), map, child);
                    if (merged is null) original.Remove(key);
                    else if (!ReferenceEquals(merged, existing)) original[key] = merged;
                    break;
                case JsonArray list:
                    original[key] = MergeList(original[key] as JsonArray, list, child);
                    break;
                default:
                    original[key] = value.DeepClone();
                    break;
            }
        }
        foreach (var (field, order) in orders)
            if (original[field] is JsonArray list)
                original[field] = Reorder(list, order, schema?.Property(field)?.PatchMergeKey);
        return original;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, SchemaNode? schema)
    {
        if (schema is null || !schema.HasStrategy("merge")) return StripList(patch);
        var replace = patch.OfType<JsonObject>().Any(o => (string?)o["$patch"] == "replace");
        if (replace)
            return new JsonArray(patch.Where(i => !(i is JsonObject o && (string?)o["$patch"] == "replace"))
                .Select(i => i is JsonObject o ? Strip(o) : i?.DeepClone()).ToArray());

        var result = original is null ? new JsonArray() : (JsonArray)original.DeepClone();
        var mergeKey = schema.PatchMergeKey;
        if (mergeKey is null)
        {
            foreach (var item in patch)
                if (!result.Any(r => JsonNode.DeepEquals(r, item))) result.Add(item?.DeepClone());
            return result;
        }
        foreach (var item in patch)
        {
            if (item is not JsonObject element) throw new PatchError($"expected a map in a list merged by {mergeKey}, got {item?.ToJsonString()}");
            var key = element[mergeKey];
            if (key is null)
                throw new PatchError($"map: {element.ToJsonString()} does not contain declared merge key: {mergeKey}");
            var index = IndexOf(result, mergeKey, key);
            if ((string?)element["$patch"] == "delete")
            {
                while (index >= 0)
                {
                    result.RemoveAt(index);
                    index = IndexOf(result, mergeKey, key);
                }
                continue;
            }
            if (index >= 0)
            {
                var existing = (JsonObject)result[index]!;
                var merged = MergeMap(existing, element, schema.Items);
                if (merged is null) result.RemoveAt(index);
                else if (!ReferenceEquals(merged, existing)) result[index] = merged;
            }
            else if (MergeMap(new JsonObject(), element, schema.Items) is { } added) result.Add(added);
        }
        return result;
    }

    /// <summary>Orders a list as <c>$setElementOrder</c> says; elements it does not name keep their order, after the named ones.</summary>
    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        JsonNode? Key(JsonNode? item) => mergeKey is null ? item : item?[mergeKey];
        var items = list.Select(i => i?.DeepClone()).ToList();
        var named = order.Select(o => items.FirstOrDefault(i => JsonNode.DeepEquals(Key(i), Key(o))))
            .Where(i => i is not null).ToList();
        var rest = items.Where(i => !named.Contains(i));
        return new JsonArray([.. named, .. rest]);
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode key)
    {
        for (var i = 0; i < list.Count; i++)
            if (JsonNode.DeepEquals(list[i]?[mergeKey], key)) return i;
        return -1;
    }

    /// <summary>A patch fragment without its directives, for when it becomes the value as a whole.</summary>
    private static JsonObject Strip(JsonObject map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            if (key.StartsWith('$')) continue;
            result[key] = value switch
            {
                JsonObject o => Strip(o),
                JsonArray a => StripList(a),
                _ => value?.DeepClone(),
            };
        }
        return result;
    }

    private static JsonArray StripList(JsonArray list) =>
        new(list.Where(i => !(i is JsonObject o && o["$patch"] is not null && o.Count == 1))
            .Select(i => i is JsonObject o ? Strip(o) : i?.DeepClone()).ToArray());
}
