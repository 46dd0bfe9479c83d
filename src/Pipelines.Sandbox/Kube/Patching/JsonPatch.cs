using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations) throw new PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        var doc = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op) throw new PatchError("invalid JSON patch operation");
            var kind = (string?)op["op"];
            var path = (string?)op["path"] ?? throw new PatchError($"Unable to get path for operation {kind}");
            switch (kind)
            {
                case "add": doc = Add(doc, path, Value(op)); break;
                case "remove": doc = Remove(doc, path, out _); break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, Value(op));
                    break;
                case "move":
                    var from = (string?)op["from"] ?? throw new PatchError("Unable to get from for move");
                    doc = Remove(doc, from, out var moved);
                    doc = Add(doc, path, moved);
                    break;
                case "copy":
                    var source = (string?)op["from"] ?? throw new PatchError("Unable to get from for copy");
                    doc = Add(doc, path, Get(doc, source)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), op["value"]))
                        throw new PatchError($"testing value {path} failed: test failed", invalid: true);
                    break;
                default:
                    throw new PatchError($"Unexpected kind: {kind}");
            }
        }
        return doc;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw new PatchError($"Unable to get value for operation {op["op"]}");

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();

    private static JsonNode? Get(JsonNode doc, string pointer)
    {
        JsonNode? node = doc;
        foreach (var token in Tokens(pointer))
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(token, out var v) ? v : throw Missing(pointer),
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Missing(pointer),
            };
        return node;
    }

    private static JsonNode Add(JsonNode doc, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0) return value ?? throw new PatchError("cannot replace the document with null");
        var parent = Get(doc, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(pointer);
        }
        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0) throw new PatchError("cannot remove the whole document");
        var parent = Get(doc, Pointer(tokens[..^1]));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out removed):
                o.Remove(last);
                if (removed is not null) removed = removed.DeepClone();
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i]?.DeepClone();
                a.RemoveAt(i);
                break;
            default:
                throw Missing(pointer);
        }
        return doc;
    }

    private static string Pointer(string[] tokens) =>
        string.Concat(tokens.Select(t => "/" + t.Replace("~", "~0").Replace("/", "~1")));

    private static PatchError Missing(string pointer) =>
        new($"jsonpatch: the path \"{pointer}\" does not exist", invalid: true);
}
