using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>
/// Created, configured or unchanged, decided per object by comparing the live object with the result of the server-side
/// apply (the real one, or its dry run) on the fields the field manager owns — the fields the config repo decides. The
/// resourceVersion cannot tell: a dry run never changes it. The same decision with and without --dry-run, so that a
/// dry run says what the apply will say.
/// </summary>
internal static class ApplyDecision
{
    /// <param name="before">The live object before the apply; null when there was none.</param>
    /// <param name="after">What the apply returned (the object as it is, or as it would be after a dry run).</param>
    public static ApplyAction Decide(JsonObject? before, JsonObject after, string manager)
    {
        if (before is null) return ApplyAction.Created;
        // The fields applied now, and those applied last time (a field the config repo no longer names is removed).
        var sets = OwnedFields(after, manager).Concat(OwnedFields(before, manager)).ToList();
        return sets.Any(set => Differs(before, after, set)) ? ApplyAction.Configured : ApplyAction.Unchanged;
    }

    /// <summary>The FieldsV1 sets of the manager's Apply entries in <c>metadata.managedFields</c>.</summary>
    public static IEnumerable<JsonObject> OwnedFields(JsonObject obj, string manager) =>
        Objects(obj, "metadata", "managedFields")
            .Where(e => Text(e, "manager") == manager && Text(e, "operation") == "Apply")
            .Select(e => At(e, "fieldsV1") as JsonObject)
            .OfType<JsonObject>();

    /// <summary>Whether two objects differ on any field of a FieldsV1 set (<c>f:</c> fields, <c>k:</c> list elements by key, <c>v:</c> set members).</summary>
    public static bool Differs(JsonNode? a, JsonNode? b, JsonObject set)
    {
        foreach (var (key, child) in set)
        {
            if (key == ".") continue;
            var leaf = child is not JsonObject nested || nested.All(p => p.Key == ".");
            if (key.StartsWith("f:", StringComparison.Ordinal))
            {
                var name = key[2..];
                var (va, vb) = ((a as JsonObject)?[name], (b as JsonObject)?[name]);
                if (leaf ? !JsonNode.DeepEquals(va, vb) : (va is null) != (vb is null) || Differs(va, vb, (JsonObject)child!)) return true;
            }
            else if (key.StartsWith("k:", StringComparison.Ordinal))
            {
                var id = JsonNode.Parse(key[2..]) as JsonObject ?? [];
                var (ea, eb) = (Element(a, id), Element(b, id));
                if ((ea is null) != (eb is null)) return true;
                if (ea is not null && (leaf ? !JsonNode.DeepEquals(ea, eb) : Differs(ea, eb, (JsonObject)child!))) return true;
            }
            else if (key.StartsWith("v:", StringComparison.Ordinal))
            {
                var value = JsonNode.Parse(key[2..]);
                if (Contains(a, value) != Contains(b, value)) return true;
            }
            else if (key.StartsWith("i:", StringComparison.Ordinal) && int.TryParse(key[2..], out var index))
            {
                var (ia, ib) = (Item(a, index), Item(b, index));
                if (leaf ? !JsonNode.DeepEquals(ia, ib) : Differs(ia, ib, (JsonObject)child!)) return true;
            }
        }
        return false;
    }

    private static JsonNode? Element(JsonNode? list, JsonObject id) =>
        (list as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e => id.All(k => JsonNode.DeepEquals(e[k.Key], k.Value)));

    private static bool Contains(JsonNode? list, JsonNode? value) => (list as JsonArray)?.Any(v => JsonNode.DeepEquals(v, value)) == true;

    private static JsonNode? Item(JsonNode? list, int index) => list is JsonArray array && index < array.Count ? array[index] : null;
}
