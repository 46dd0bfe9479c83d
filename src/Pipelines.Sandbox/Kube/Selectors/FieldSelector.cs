using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Selectors;

/// <summary>
/// A field selector (<c>metadata.name=web,status.phase!=Running</c>) over the fields a kind allows:
/// metadata.name, metadata.namespace and the kind's own selectable fields; others are refused as the API server does.
/// </summary>
public sealed record FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> Terms)
{
    public static FieldSelector Everything { get; } = new([]);

    public bool Matches(JsonObject obj) => Terms.All(t => (Value(obj, t.Field) == t.Value) == t.Equal);

    public static (FieldSelector? Selector, string? Error) Parse(string? text, ResourceKind kind)
    {
        if (string.IsNullOrWhiteSpace(text)) return (Everything, null);
        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (op, at) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? ("!=", ne)
                : term.IndexOf("==", StringComparison.Ordinal) is var eq2 and > 0 ? ("==", eq2)
                : ("=", term.IndexOf('='));
            if (at <= 0) return (null, $"invalid selector: '{text}'; can't understand '{term}'");
            var field = term[..at];
            if (field is not ("metadata.name" or "metadata.namespace") && !kind.SelectableFields.Contains(field))
                return (null, $"field label not supported: {field}");
            terms.Add((field, op != "!=", term[(at + op.Length)..]));
        }
        return (new FieldSelector(terms), null);
    }

    private static string Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.')) node = node?[part];
        return node?.ToString() ?? "";
    }
}
