using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>
/// managedFields for writes that are not applies (create, update, the patches), as the API server's field manager keeps
/// them: the writer (its fieldManager, else its user agent's name) gets an Update entry owning the fields it set or
/// changed, and every other manager loses the fields it changed.
/// </summary>
public static class FieldOwnership
{
    /// <summary>The manager of a write: the fieldManager parameter, else the user agent up to its first '/', as the API server names it.</summary>
    public static string? Manager(string? fieldManager, string? userAgent) =>
        !string.IsNullOrEmpty(fieldManager) ? fieldManager
        : string.IsNullOrEmpty(userAgent) ? null
        : userAgent.Split('/')[0] is { Length: > 0 } name ? name[..Math.Min(name.Length, 128)] : null;

    /// <summary>Sets <paramref name="after"/>'s managedFields from <paramref name="before"/>'s (null for a create) and what changed.</summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, SchemaNode schema, string manager, string apiVersion, string now)
    {
        var changed = before is null ? FieldPaths.Of(after, schema) : FieldPaths.Changed(before, after, schema);
        var present = FieldPaths.Of(after, schema);
        var entries = (before?["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()).ToList();
        bool Own(JsonObject e) => (string?)e["manager"] == manager && (string?)e["operation"] == "Update";
        var managed = new JsonArray();
        foreach (var entry in entries.Where(e => !Own(e)))
        {
            var kept = FieldPaths.Leaves(entry["fieldsV1"] as JsonObject).Where(p => !changed.Contains(p) && present.Contains(p)).ToList();
            if (kept.Count == 0) continue;
            entry["fieldsV1"] = FieldPaths.Set(kept);
            managed.Add(entry);
        }
        var own = FieldPaths.Leaves(entries.FirstOrDefault(Own)?["fieldsV1"] as JsonObject);
        own.UnionWith(changed);
        own.IntersectWith(present);
        if (own.Count > 0)
        {
            managed.Add(new JsonObject
            {
                ["manager"] = manager,
                ["operation"] = "Update",
                ["apiVersion"] = apiVersion,
                ["time"] = now,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldPaths.Set(own),
            });
        }
        if (after["metadata"] is not JsonObject meta) after["metadata"] = meta = new JsonObject();
        if (managed.Count > 0) meta["managedFields"] = managed;
        else meta.Remove("managedFields");
    }
}
