using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>
/// A CustomResourceDefinition version's <c>openAPIV3Schema</c> as a <see cref="SchemaNode"/>, so that custom resources
/// are validated (unknown fields pruned or refused), merged (list types, map keys) and described in the OpenAPI documents
/// like built-in kinds. <c>x-kubernetes-preserve-unknown-fields</c> keeps a subtree as given; apiVersion, kind and
/// metadata are the API server's own.
/// </summary>
public static class CustomSchema
{
    /// <summary>The kinds a CustomResourceDefinition serves: one per served version.</summary>
    public static IEnumerable<ResourceKind> KindsOf(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"] ?? "";
        var names = spec?["names"] as JsonObject;
        var kind = (string?)names?["kind"] ?? "";
        foreach (var version in (spec?["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && !served.GetValue<bool>()) continue;
            var name = (string?)version["name"] ?? "";
            yield return new ResourceKind
            {
                Group = group,
                Version = name,
                Kind = kind,
                Plural = (string?)names?["plural"] ?? "",
                SingularName = (string?)names?["singular"] ?? kind.ToLowerInvariant(),
                Namespaced = (string?)spec?["scope"] != "Cluster",
                ShortNames = (names?["shortNames"] as JsonArray)?.Select(s => (string)s!).ToList() ?? [],
                Categories = (names?["categories"] as JsonArray)?.Select(s => (string)s!).ToList() ?? [],
                HasStatus = version["subresources"]?["status"] is not null,
                TracksGeneration = true,
                Custom = true,
                Schema = Of(version["schema"]?["openAPIV3Schema"] as JsonObject, $"{string.Join(".", group.Split('.').Reverse())}.{name}.{kind}"),
            };
        }
    }

    public static SchemaNode Of(JsonObject? openApiV3Schema, string definition)
    {
        var root = openApiV3Schema is null ? null : Node(openApiV3Schema, null);
        var properties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal)
        {
            ["apiVersion"] = Schema.Text,
            ["kind"] = Schema.Text,
            ["metadata"] = ObjectSchemas.ObjectMeta,
        };
        foreach (var (name, node) in root?.Properties ?? new Dictionary<string, SchemaNode>())
            if (name is not ("apiVersion" or "kind" or "metadata")) properties[name] = node;
        return new SchemaNode
        {
            Type = "object",
            Definition = definition,
            Properties = properties,
            Required = root?.Required,
            // No schema, or one that keeps unknown fields at the top: custom resources are stored as given.
            PreservesUnknownFields = root is null || root.PreservesUnknownFields,
        };
    }

    private static SchemaNode Node(JsonObject schema, string? definition)
    {
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true
                       || schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() == true;
        var intOrString = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        var type = intOrString ? "string" : (string?)schema["type"] ?? (schema["properties"] is not null ? "object" : "object");
        var properties = (schema["properties"] as JsonObject)?.ToDictionary(p => p.Key, p => Node((JsonObject)p.Value!, null), StringComparer.Ordinal);
        var additional = schema["additionalProperties"] switch
        {
            JsonObject a => Node(a, null),
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.True => new SchemaNode { Type = "object", PreservesUnknownFields = true },
            _ => null,
        };
        var listType = (string?)schema["x-kubernetes-list-type"];
        var mapKeys = (schema["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => (string)k!).ToList();
        return new SchemaNode
        {
            Type = type,
            Format = intOrString ? "int-or-string" : (string?)schema["format"],
            Definition = definition,
            Properties = properties,
            Required = (schema["required"] as JsonArray)?.Select(r => (string)r!).ToList(),
            Items = schema["items"] is JsonObject items ? Node(items, null) : null,
            AdditionalProperties = additional,
            ListType = listType ?? (type == "array" ? "atomic" : null),
            ListMapKeys = mapKeys,
            PatchMergeKey = listType == "map" && mapKeys is { Count: > 0 } ? mapKeys[0] : null,
            PatchStrategy = listType == "map" ? "merge" : null,
            // An object without properties and without additionalProperties keeps what it is given only when it says so;
            // the API server would prune its content otherwise. Here it is kept, to stay lenient where the schema is silent.
            PreservesUnknownFields = preserve || (type == "object" && properties is null && additional is null),
            Description = (string?)schema["description"],
        };
    }
}
