using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Tables;

/// <summary>
/// Renders objects as a meta.k8s.io/v1 Table (what kubectl get asks for with <c>Accept: …;as=Table</c>):
/// the kind's columns, one row per object with its cells and, as includeObject says, the object's
/// metadata (PartialObjectMetadata, the default), the whole object, or nothing.
/// </summary>
public static class TableRenderer
{
    public static bool IsRequested(string? accept) =>
        accept is not null && accept.Split(',').FirstOrDefault()?.Contains("as=Table", StringComparison.Ordinal) == true;

    public static JsonObject Render(ResourceKind kind, JsonNode body, DateTimeOffset now, string? includeObject)
    {
        var columns = KindColumns.For(kind.Kind);
        var isList = body["items"] is JsonArray;
        var items = isList ? body["items"]!.AsArray().OfType<JsonObject>().ToList() : [body.AsObject()];
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = isList ? body["metadata"]!.DeepClone() : new JsonObject { ["resourceVersion"] = body["metadata"]?["resourceVersion"]?.DeepClone() },
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)c.Definition()).ToArray()),
            ["rows"] = new JsonArray(items.Select(o => (JsonNode)new JsonObject
            {
                ["cells"] = new JsonArray(columns.Select(c => c.Cell(o, now)).ToArray()),
                ["object"] = RowObject(kind, o, includeObject),
            }).ToArray()),
        };
        return table;
    }

    private static JsonNode? RowObject(ResourceKind kind, JsonObject o, string? includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => o.DeepClone().AsObject().Also(x => { x["apiVersion"] = kind.ApiVersion; x["kind"] = kind.Kind; }),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = o["metadata"]?.DeepClone(),
        },
    };

    private static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
