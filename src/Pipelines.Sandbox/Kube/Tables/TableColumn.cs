using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Tables;

/// <summary>One column of a server-side table: its definition and how to read a cell from an object.</summary>
public sealed record TableColumn(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell, string Format = "")
{
    public JsonObject Definition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Name,
        ["priority"] = Priority,
    };
}
