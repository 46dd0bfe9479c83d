using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>
/// Server-side apply (application/apply-patch+yaml) with field ownership, as the API server's field manager does it. The
/// applied configuration's fields become the manager's (its Apply entry in metadata.managedFields); a field another
/// manager owns and the configuration sets to another value is a conflict — refused (409) unless forced, when the other
/// manager loses it; a field set to the same value is owned by both. Fields the manager applied before and no longer
/// names are removed, unless another manager owns them too. Merging: maps by field, lists of type map by their keys
/// (with the schema's defaults), sets as unions, other lists replaced.
/// </summary>
public static class ServerSideApply
{
    /// <exception cref="ApplyConflict">Another manager owns a field the configuration changes, and <paramref name="force"/> is false.</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, SchemaNode schema, string manager, string apiVersion, string now, bool force = true)
    {
        var result = live is null ? new JsonObject() : (JsonObject)live.DeepClone();
        var entries = (result["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()).ToList();
        bool Own(JsonObject e) => (string?)e["manager"] == manager && (string?)e["operation"] == "Apply";
        var newSet = FieldPaths.Of(applied, schema);
        var oldSet = FieldPaths.Leaves(entries.FirstOrDefault(Own)?["fieldsV1"] as JsonObject);

        var conflicts = new List<(JsonObject Entry, string Path)>();
        foreach (var other in entries.Where(e => !Own(e) && (string?)e["manager"] != manager))
            foreach (var path in FieldPaths.Leaves(other["fieldsV1"] as JsonObject).Intersect(newSet))
                if (!path.EndsWith('.') && !JsonNode.DeepEquals(FieldPaths.ValueAt(applied, path, schema), FieldPaths.ValueAt(result, path, schema)))
                    conflicts.Add((other, path));
        if (conflicts.Count > 0 && !force) throw new ApplyConflict(conflicts.Select(c => ((string?)c.Entry["manager"] ?? "", (string?)c.Entry["apiVersion"] ?? "", c.Path)).ToList());

        var taken = conflicts.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var ownedByOthers = entries.Where(e => !Own(e)).SelectMany(e => FieldPaths.Leaves(e["fieldsV1"] as JsonObject)).Where(p => !taken.Contains(p)).ToHashSet(StringComparer.Ordinal);
        var released = oldSet.Where(p => !newSet.Contains(p) && !ownedByOthers.Contains(p)).ToList();
        if (released.Count > 0) Prune(result, FieldPaths.Set(released.Concat(newSet)), FieldPaths.Set(newSet), schema);
        Merge(result, applied, schema);

        var managed = new JsonArray();
        foreach (var entry in entries.Where(e => !Own(e)))
        {
            var kept = FieldPaths.Leaves(entry["fieldsV1"] as JsonObject).Where(p => !taken.Contains(p)).ToList();
            if (kept.Count == 0) continue;
            entry["fieldsV1"] = FieldPaths.Set(kept);
            managed.Add(entry);
        }
        managed.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = now,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = FieldSet.Of(applied, schema),
        });
        if (result["metadata"] is not JsonObject meta) result["metadata"] = meta = new JsonObject();
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

/// <summary>A server-side apply that would change fields other managers own: the API server's 409 names them.</summary>
public sealed class ApplyConflict(IReadOnlyList<(string Manager, string ApiVersion, string Path)> conflicts) : Exception(Describe(conflicts))
{
    public IReadOnlyList<(string Manager, string ApiVersion, string Path)> Conflicts { get; } = conflicts;

    private static string Describe(IReadOnlyList<(string Manager, string ApiVersion, string Path)> conflicts)
    {
        var byManager = conflicts.GroupBy(c => (c.Manager, c.ApiVersion)).Select(g => g.Count() == 1
            ? $"conflict with \"{g.Key.Manager}\" using {g.Key.ApiVersion}: {FieldPaths.Display(g.First().Path)}"
            : $"conflicts with \"{g.Key.Manager}\" using {g.Key.ApiVersion}:\n" + string.Join("\n", g.Select(c => "- " + FieldPaths.Display(c.Path))));
        return $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {string.Join("\n", byManager)}";
    }
}
