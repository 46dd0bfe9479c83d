using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Pipelines.Documents;

/// <summary>
/// The JSON Schema of each result kind, exported from the records the documents are written from — so the published files
/// (docs/schemas/&lt;kind&gt;.json, written by <c>./build.sh Schemas</c>) cannot drift from what is written: a test compares them.
/// </summary>
public static class ResultSchemas
{
    /// <summary>Every top-level document kind.</summary>
    public static IReadOnlyList<Type> Kinds { get; } =
    [
        typeof(ReleaseReportDocument), typeof(HistoryDocument), typeof(ServiceListDocument), typeof(ImageListDocument), typeof(ContainerImagesDocument),
        typeof(DriftDocument), typeof(SetImageDocument), typeof(PushedImageDocument), typeof(GlobalLockStatusDocument), typeof(GlobalLockBreakDocument),
        typeof(NotificationDocument), typeof(EnvironmentListDocument), typeof(EnvironmentServicesDocument), typeof(ServiceDocument),
    ];

    /// <summary>The kind a document type writes (its <see cref="ResultDocument.Kind"/>, a constant per type).</summary>
    public static string KindOf(Type type) => ((ResultDocument)RuntimeHelpers.GetUninitializedObject(type)).Kind;

    public static string FileName(Type type) => KindOf(type) + ".json";

    public static string Text(Type type) => Schema(type).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";

    public static JsonObject Schema(Type type)
    {
        var kind = KindOf(type);
        var exported = JsonSchemaExporter.GetJsonSchemaAsNode(ResultWriter.Options, type,
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = ListValues }).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://pipelines.dev/schemas/{ResultDocument.Version}/{kind}.json",
            ["title"] = kind,
        };
        foreach (var (key, value) in exported.ToList())
        {
            exported.Remove(key);
            schema[key] = value;
        }
        // The two fields every document starts with are constants of its kind: a reader can trust them to tell documents apart.
        var properties = schema["properties"]!.AsObject();
        properties["apiVersion"] = new JsonObject { ["const"] = ResultDocument.Version };
        properties["kind"] = new JsonObject { ["const"] = kind };
        var required = schema["required"]?.AsArray() ?? [];
        schema.Remove("required");
        schema["required"] = new JsonArray([JsonValue.Create("apiVersion"), JsonValue.Create("kind"), .. required.Select(r => r?.DeepClone())]);
        return schema;
    }

    /// <summary>A field marked <see cref="OneOfAttribute"/> lists its values (and null, when it may be null).</summary>
    private static JsonNode ListValues(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), inherit: false).OfType<OneOfAttribute>().FirstOrDefault()
            is not { } oneOf || schema is not JsonObject node) return schema;
        var nullable = node["type"] is JsonArray types && types.Any(t => (string?)t == "null");
        node["enum"] = new JsonArray([.. oneOf.Values.Select(v => (JsonNode)JsonValue.Create(v)), .. nullable ? new JsonNode?[] { null } : []]);
        return node;
    }
}
