namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>
/// The shape of one field, as far as the emulator needs it: strategic merge reads the merge keys and
/// patch strategies, server-side apply reads the list types, and the OpenAPI documents are generated
/// from it. Fields the emulator does not model are left to <see cref="PreservesUnknownFields"/>.
/// </summary>
public sealed class SchemaNode
{
    /// <summary>object, array, string, integer, number or boolean.</summary>
    public required string Type { get; init; }

    /// <summary>int-or-string, int32, int64, date-time or byte, as the Kubernetes OpenAPI documents say.</summary>
    public string? Format { get; init; }

    /// <summary>The OpenAPI definition name (io.k8s.api.core.v1.Container) when the node is a named type.</summary>
    public string? Definition { get; init; }

    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }

    public IReadOnlyList<string>? Required { get; init; }

    public SchemaNode? Items { get; init; }

    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>x-kubernetes-patch-merge-key: the field that identifies an element of a merged list.</summary>
    public string? PatchMergeKey { get; init; }

    /// <summary>x-kubernetes-patch-strategy: merge, replace, retainKeys or "merge,retainKeys".</summary>
    public string? PatchStrategy { get; init; }

    /// <summary>x-kubernetes-list-type: atomic, set or map.</summary>
    public string? ListType { get; init; }

    /// <summary>x-kubernetes-list-map-keys, for list type map.</summary>
    public IReadOnlyList<string>? ListMapKeys { get; init; }

    /// <summary>An object whose fields the emulator keeps as given without describing them.</summary>
    public bool PreservesUnknownFields { get; init; }

    public string? Description { get; init; }

    /// <summary>The value the API server assumes when the field is absent (protocol: TCP); matters for list-map keys.</summary>
    public string? Default { get; init; }

    public bool HasStrategy(string strategy) =>
        PatchStrategy is not null && PatchStrategy.Split(',').Contains(strategy, StringComparer.Ordinal);

    public SchemaNode? Property(string name) =>
        Properties is not null && Properties.TryGetValue(name, out var node) ? node : AdditionalProperties;
}
