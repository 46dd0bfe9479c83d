using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.OpenApi;

/// <summary>
/// The /openapi/v2 document in its protobuf encoding (<c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>,
/// the gnostic openapi.v2.Document message), which kubectl 1.27 and 1.28 ask for and accept alone. Made from the JSON
/// document: the messages and fields kubectl reads — paths and their operations, parameters and responses, definitions
/// with their types, properties, items, references, and vendor extensions (x-kubernetes-…, whose values the format
/// carries as YAML text; JSON is YAML).
/// </summary>
public static class OpenApiV2Protobuf
{
    /// <summary>What clients ask for (with an @, which Go's mime parser refuses in a response) …</summary>
    public const string MediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>… and the Content-Type the API server answers with.</summary>
    public const string ResponseMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static byte[] Encode(JsonObject document)
    {
        var root = new ProtobufWriter().String(1, (string?)document["swagger"]);
        if (document["info"] is JsonObject info) root.Message(2, new ProtobufWriter().String(1, (string?)info["title"]).String(2, (string?)info["version"]));
        var paths = new ProtobufWriter();
        foreach (var (path, item) in document["paths"] as JsonObject ?? [])
            paths.Message(2, new ProtobufWriter().String(1, path).Message(2, PathItem((JsonObject)item!)));
        root.Message(8, paths);
        var definitions = new ProtobufWriter();
        foreach (var (name, schema) in document["definitions"] as JsonObject ?? [])
            definitions.Message(1, new ProtobufWriter().String(1, name).Message(2, Schema((JsonObject)schema!)));
        root.Message(9, definitions);
        return root.ToArray();
    }

    private static ProtobufWriter PathItem(JsonObject item)
    {
        var writer = new ProtobufWriter();
        foreach (var (verb, field) in new[] { ("get", 2), ("put", 3), ("post", 4), ("delete", 5), ("options", 6), ("head", 7), ("patch", 8) })
            if (item[verb] is JsonObject operation) writer.Message(field, Operation(operation));
        foreach (var parameter in (item["parameters"] as JsonArray ?? []).OfType<JsonObject>()) writer.Message(9, ParametersItem(parameter));
        Extensions(writer, 10, item);
        return writer;
    }

    private static ProtobufWriter Operation(JsonObject operation)
    {
        var writer = new ProtobufWriter();
        foreach (var tag in operation["tags"] as JsonArray ?? []) writer.String(1, (string?)tag);
        writer.String(3, (string?)operation["description"]).String(5, (string?)operation["operationId"]);
        foreach (var type in operation["produces"] as JsonArray ?? []) writer.String(6, (string?)type);
        foreach (var type in operation["consumes"] as JsonArray ?? []) writer.String(7, (string?)type);
        foreach (var parameter in (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>()) writer.Message(8, ParametersItem(parameter));
        var responses = new ProtobufWriter();
        foreach (var (code, response) in operation["responses"] as JsonObject ?? [])
        {
            var body = new ProtobufWriter().String(1, (string?)response?["description"]);
            if (response?["schema"] is JsonObject schema) body.Message(2, new ProtobufWriter().Message(1, Schema(schema)));
            responses.Message(1, new ProtobufWriter().String(1, code).Message(2, new ProtobufWriter().Message(1, body)));
        }
        writer.Message(9, responses);
        Extensions(writer, 13, operation);
        return writer;
    }

    private static ProtobufWriter ParametersItem(JsonObject parameter)
    {
        var where = (string?)parameter["in"];
        ProtobufWriter inner;
        if (where == "body")
        {
            var body = new ProtobufWriter().String(1, (string?)parameter["description"]).String(2, (string?)parameter["name"]).String(3, where)
                .Bool(4, parameter["required"]?.GetValue<bool>() == true);
            if (parameter["schema"] is JsonObject schema) body.Message(5, Schema(schema));
            inner = new ProtobufWriter().Message(1, body);
        }
        else
        {
            // Query and path parameters share their first fields; type sits at 6 for query and 5 for path.
            var (subField, typeField, uniqueField) = where == "path" ? (4, 5, 19) : (3, 6, 20);
            var sub = new ProtobufWriter().Bool(1, parameter["required"]?.GetValue<bool>() == true).String(2, where)
                .String(3, (string?)parameter["description"]).String(4, (string?)parameter["name"]).String(typeField, (string?)parameter["type"])
                .Bool(uniqueField, parameter["uniqueItems"]?.GetValue<bool>() == true);
            inner = new ProtobufWriter().Message(2, new ProtobufWriter().Message(subField, sub));
        }
        return new ProtobufWriter().Message(1, inner);
    }

    private static ProtobufWriter Schema(JsonObject schema)
    {
        var writer = new ProtobufWriter().String(1, (string?)schema["$ref"]).String(2, (string?)schema["format"]).String(4, (string?)schema["description"]);
        foreach (var required in schema["required"] as JsonArray ?? []) writer.String(19, (string?)required);
        switch (schema["additionalProperties"])
        {
            case JsonObject additional:
                writer.Message(21, new ProtobufWriter().Message(1, Schema(additional)));
                break;
            case JsonValue flag when flag.GetValueKind() == JsonValueKind.True:
                writer.Message(21, new ProtobufWriter().Bool(2, true));
                break;
        }
        if (schema["type"] is JsonValue type) writer.Message(22, new ProtobufWriter().String(1, (string?)type));
        if (schema["items"] is JsonObject items) writer.Message(23, new ProtobufWriter().Message(1, Schema(items)));
        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>()) writer.Message(24, Schema(part));
        if (schema["properties"] is JsonObject properties)
        {
            var named = new ProtobufWriter();
            foreach (var (name, property) in properties) named.Message(1, new ProtobufWriter().String(1, name).Message(2, Schema((JsonObject)property!)));
            writer.Message(25, named);
        }
        Extensions(writer, 31, schema);
        return writer;
    }

    /// <summary>x-… fields as NamedAny { name, Any { yaml } }.</summary>
    private static void Extensions(ProtobufWriter writer, int field, JsonObject owner)
    {
        foreach (var (name, value) in owner.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
            writer.Message(field, new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().String(2, value?.ToJsonString() + "\n")));
    }
}
