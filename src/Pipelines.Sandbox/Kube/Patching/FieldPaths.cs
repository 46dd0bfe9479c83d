using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>
/// FieldsV1 sets taken apart into their leaf paths (<c>f:spec␟f:template␟f:spec␟f:containers␟k:{"name":"web"}␟f:image</c>,
/// joined by the unit separator because field names hold slashes — <c>f:pipelines/environment</c>; a list element itself is
/// <c>…␟k:{…}␟.</c>) and put back together, so that ownership can be intersected, compared and
/// moved between managers; and the value a path points at in an object.
/// </summary>
public static class FieldPaths
{
    private const char Separator = '\u001f';

    /// <summary>Fields the API server manages itself, never owned by a manager.</summary>
    private static readonly string[] System = new[]
    {
        "f:metadata/f:managedFields", "f:metadata/f:resourceVersion", "f:metadata/f:uid", "f:metadata/f:creationTimestamp",
        "f:metadata/f:generation", "f:metadata/f:selfLink", "f:metadata/f:deletionTimestamp", "f:metadata/f:deletionGracePeriodSeconds",
        "f:metadata/f:name", "f:metadata/f:namespace", "f:apiVersion", "f:kind",
    }.Select(p => p.Replace('/', Separator)).ToArray();

    public static HashSet<string> Leaves(JsonObject? set)
    {
        var leaves = new HashSet<string>(StringComparer.Ordinal);
        if (set is not null) Collect(set, "", leaves);
        return leaves;
    }

    private static void Collect(JsonObject set, string prefix, HashSet<string> leaves)
    {
        foreach (var (key, child) in set)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}{Separator}{key}";
            if (child is JsonObject nested && nested.Count > 0) Collect(nested, path, leaves);
            else leaves.Add(path);
        }
    }

    public static JsonObject Set(IEnumerable<string> leaves)
    {
        var root = new JsonObject();
        foreach (var leaf in leaves.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var part in Split(leaf))
            {
                if (node[part] is not JsonObject next) node[part] = next = new JsonObject();
                node = next;
            }
        }
        return root;
    }

    /// <summary>The leaf paths of every field an object sets (what a create or an apply of it names), system fields aside.</summary>
    public static HashSet<string> Of(JsonObject obj, SchemaNode schema, bool withStatus = false)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (!withStatus) copy.Remove("status");
        var leaves = Leaves(FieldSet.Of(copy, schema));
        leaves.RemoveWhere(l => System.Any(s => l == s || l.StartsWith(s + Separator, StringComparison.Ordinal)));
        // A map that is empty (metadata: {}) owns nothing.
        return leaves;
    }

    /// <summary>The leaves whose value differs between two objects (set in one and not the other, or set differently).</summary>
    public static HashSet<string> Changed(JsonObject before, JsonObject after, SchemaNode schema)
    {
        var candidates = Of(before, schema);
        candidates.UnionWith(Of(after, schema));
        return candidates.Where(p => !JsonNode.DeepEquals(ValueAt(before, p, schema), ValueAt(after, p, schema))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The value a leaf path points at (for <c>.</c>, the element itself); null when absent.</summary>
    public static JsonNode? ValueAt(JsonNode? node, string path, SchemaNode? schema)
    {
        foreach (var part in Split(path))
        {
            if (part == ".") return node;
            if (node is null) return null;
            if (part.StartsWith("f:", StringComparison.Ordinal))
            {
                var name = part[2..];
                node = (node as JsonObject)?[name];
                schema = schema?.Property(name);
            }
            else if (part.StartsWith("k:", StringComparison.Ordinal))
            {
                var list = node as JsonArray;
                node = list?.OfType<JsonObject>().FirstOrDefault(e => FieldSet.ElementKey(e, schema?.ListMapKeys ?? [], schema?.Items) == part);
                schema = schema?.Items;
            }
            else if (part.StartsWith("v:", StringComparison.Ordinal))
            {
                var value = JsonNode.Parse(part[2..]);
                return (node as JsonArray)?.FirstOrDefault(v => JsonNode.DeepEquals(v, value)) is { } found ? found : null;
            }
            else return null;
        }
        return node;
    }

    /// <summary>A leaf path as the API server names fields in messages: <c>.spec.template.spec.containers[name="web"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in Split(path))
        {
            if (part.StartsWith("f:", StringComparison.Ordinal)) text.Append('.').Append(part[2..]);
            else if (part.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(part[2..]) is JsonObject key)
                text.Append('[').Append(string.Join(",", key.Select(k => $"{k.Key}={k.Value?.ToJsonString()}"))).Append(']');
            else if (part.StartsWith("v:", StringComparison.Ordinal)) text.Append('[').Append(part[2..]).Append(']');
        }
        return text.ToString();
    }

    private static string[] Split(string path) => path.Split(Separator);
}
