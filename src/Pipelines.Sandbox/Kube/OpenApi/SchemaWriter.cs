using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.OpenApi;

/// <summary>
/// Writes <see cref="SchemaNode"/>s as OpenAPI schemas: named types become definitions referenced by
/// $ref (with the v2 sibling style or the v3 allOf style, as the API server writes them), and the
/// x-kubernetes-* extensions strategic merge and server-side apply read are kept on the fields.
/// </summary>
internal sealed class SchemaWriter(string refPrefix, bool allOfRefs)
{
    public SortedDictionary<string, JsonNode> Definitions { get; } = new(StringComparer.Ordinal);

    public JsonObject Ref(string definition) => new() { ["$ref"] = refPrefix + definition };

    /// <summary>The schema of a kind, registered as a definition with its group-version-kind.</summary>
    public void AddKind(ResourceKind kind)
    {
        var schema = Body(kind.Schema);
        schema["x-kubernetes-group-version-kind"] = Gvk(kind.Group, kind.Version, kind.Kind);
        Definitions[kind.Schema.Definition!] = schema;

        var list = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["items"] = new JsonObject { ["type"] = "array", ["items"] = Ref(kind.Schema.Definition!) },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = Use(ObjectSchemas.ListMeta),
            },
            ["x-kubernetes-group-version-kind"] = Gvk(kind.Group, kind.Version, kind.ListKind),
        };
        Definitions[kind.Schema.Definition + "List"] = list;
    }

    public static JsonArray Gvk(string group, string version, string kind) =>
        new(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });

    /// <summary>The schema at a place of use: a reference for named types, inline otherwise, plus the field's extensions.</summary>
    public JsonObject Use(SchemaNode node)
    {
        JsonObject schema;
        if (node.Definition is { } name)
        {
            if (!Definitions.ContainsKey(name))
            {
                Definitions[name] = new JsonObject();
                Definitions[name] = Body(node);
            }
            schema = allOfRefs && node.PatchStrategy is not null ? new JsonObject { ["allOf"] = new JsonArray(Ref(name)) } : Ref(name);
        }
        else schema = Body(node);
        if (node.Type != "array" && node.PatchStrategy is { } strategy) schema["x-kubernetes-patch-strategy"] = strategy;
        return schema;
    }

    private JsonObject Body(SchemaNode node)
    {
        var schema = new JsonObject();
        if (node.Description is { } description) schema["description"] = description;
        if (node.Format == "int-or-string")
        {
            schema["type"] = "string";
            schema["format"] = "int-or-string";
            return schema;
        }
        schema["type"] = node.Type;
        if (node.Format is { } format) schema["format"] = format;
        if (node.Default is { } value) schema["default"] = value;
        if (node.Required is { Count: > 0 } required) schema["required"] = new JsonArray(required.Select(r => (JsonNode)r).ToArray());
        if (node.Properties is { } properties)
            schema["properties"] = new JsonObject(properties.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Use(p.Value))));
        if (node.AdditionalProperties is { } values) schema["additionalProperties"] = Use(values);
        if (node.Items is { } items) schema["items"] = Use(items);
        if (node.PreservesUnknownFields) schema["x-kubernetes-preserve-unknown-fields"] = true;
        if (node.Type == "array")
        {
            if (node.ListMapKeys is { } keys) schema["x-kubernetes-list-map-keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray());
            if (node.ListType is { } listType) schema["x-kubernetes-list-type"] = listType;
            if (node.PatchMergeKey is { } mergeKey) schema["x-kubernetes-patch-merge-key"] = mergeKey;
            if (node.PatchStrategy is { } strategy) schema["x-kubernetes-patch-strategy"] = strategy;
        }
        return schema;
    }
}
