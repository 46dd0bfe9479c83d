namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>Short constructors for <see cref="SchemaNode"/>, so that the kind definitions read like the API reference.</summary>
internal static class Schema
{
    public static SchemaNode Text { get; } = new() { Type = "string" };
    public static SchemaNode Int { get; } = new() { Type = "integer", Format = "int32" };
    public static SchemaNode Long { get; } = new() { Type = "integer", Format = "int64" };
    public static SchemaNode Bool { get; } = new() { Type = "boolean" };
    public static SchemaNode Time { get; } = new() { Type = "string", Format = "date-time" };
    public static SchemaNode IntOrString { get; } = new() { Type = "string", Format = "int-or-string" };
    public static SchemaNode Bytes { get; } = new() { Type = "string", Format = "byte" };
    public static SchemaNode StringMap { get; } = new() { Type = "object", AdditionalProperties = Text };
    public static SchemaNode Strings { get; } = Atomic(Text);

    /// <summary>An object the emulator stores as given, without describing its fields.</summary>
    public static SchemaNode Opaque(string? definition = null) =>
        new() { Type = "object", Definition = definition, PreservesUnknownFields = true };

    public static SchemaNode Object(string? definition, params (string Name, SchemaNode Node)[] properties) =>
        new()
        {
            Type = "object",
            Definition = definition,
            Properties = properties.ToDictionary(p => p.Name, p => p.Node, StringComparer.Ordinal),
        };

    public static SchemaNode Object(string? definition, string[] required, params (string Name, SchemaNode Node)[] properties) =>
        new()
        {
            Type = "object",
            Definition = definition,
            Required = required,
            Properties = properties.ToDictionary(p => p.Name, p => p.Node, StringComparer.Ordinal),
        };

    public static SchemaNode MapOf(SchemaNode values) => new() { Type = "object", AdditionalProperties = values };

    public static SchemaNode Atomic(SchemaNode items) => new() { Type = "array", Items = items, ListType = "atomic" };

    /// <summary>A list of primitives merged as a set (patch strategy merge).</summary>
    public static SchemaNode Set(SchemaNode items) =>
        new() { Type = "array", Items = items, ListType = "set", PatchStrategy = "merge" };

    /// <summary>A list merged element by element, identified by <paramref name="mergeKey"/>.</summary>
    public static SchemaNode Keyed(SchemaNode items, string mergeKey, string strategy = "merge", params string[] mapKeys) =>
        new()
        {
            Type = "array",
            Items = items,
            PatchMergeKey = mergeKey,
            PatchStrategy = strategy,
            ListType = "map",
            ListMapKeys = mapKeys.Length > 0 ? mapKeys : [mergeKey],
        };

    public static SchemaNode WithStrategy(this SchemaNode node, string strategy) =>
        new()
        {
            Type = node.Type,
            Format = node.Format,
            Definition = node.Definition,
            Properties = node.Properties,
            Required = node.Required,
            Items = node.Items,
            AdditionalProperties = node.AdditionalProperties,
            PatchMergeKey = node.PatchMergeKey,
            PatchStrategy = strategy,
            ListType = node.ListType,
            ListMapKeys = node.ListMapKeys,
            PreservesUnknownFields = node.PreservesUnknownFields,
            Description = node.Description,
        };
}
