using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Selectors;

/// <summary>
/// A label selector in the query-string syntax (<c>app=web,tier!=db,env in (a,b),!legacy</c>), or built
/// from a LabelSelector object (matchLabels, matchExpressions) as workloads carry it.
/// </summary>
public sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Whether the object's labels satisfy every requirement, read in place (no dictionary per object: lists test thousands).</summary>
    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var requirement in Requirements)
            if (!requirement.Matches(labels)) return false;
        return true;
    }

    /// <summary>
    /// The label values every match must carry (requirements <c>key=value</c>, or <c>key in (value)</c>), by which the store's
    /// label index narrows a list to the objects carrying them.
    /// </summary>
    public IReadOnlyList<(string Key, string Value)> RequiredLabels =>
        Requirements.Where(r => r.Operator is "=" or "==" or "in" && r.Values.Count == 1).Select(r => (r.Key, r.Values[0])).ToList();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>Parses the query syntax; the error says what was wrong, as the API server's 400 answer does.</summary>
    public static (LabelSelector? Selector, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (Everything, null);
        var requirements = new List<LabelRequirement>();
        foreach (var part in SplitTopLevel(text))
        {
            var term = part.Trim();
            if (term.Length == 0) return (null, $"unable to parse requirement: found '', expected: identifier");
            var requirement = ParseTerm(term);
            if (requirement is null) return (null, $"unable to parse requirement: \"{term}\"");
            requirements.Add(requirement);
        }
        return (new LabelSelector(requirements), null);
    }

    /// <summary>The selector a workload's spec.selector describes; null when it is malformed.</summary>
    public static LabelSelector? FromObject(JsonNode? selector)
    {
        if (selector is not JsonObject o) return null;
        var requirements = new List<LabelRequirement>();
        if (o["matchLabels"] is JsonObject labels)
            requirements.AddRange(labels.Select(l => new LabelRequirement(l.Key, "=", [l.Value?.ToString() ?? ""])));
        if (o["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                var values = (e["values"] as JsonArray)?.Select(v => v?.ToString() ?? "").ToList() ?? [];
                var op = (string?)e["operator"] switch
                {
                    "In" => "in",
                    "NotIn" => "notin",
                    "Exists" => "exists",
                    "DoesNotExist" => "!",
                    _ => null,
                };
                if (op is null) return null;
                requirements.Add(new LabelRequirement((string?)e["key"] ?? "", op, values));
            }
        }
        return new LabelSelector(requirements);
    }

    public override string ToString() => string.Join(",", Requirements.Select(r => r.Operator switch
    {
        "exists" => r.Key,
        "!" => "!" + r.Key,
        "in" or "notin" => $"{r.Key} {r.Operator} ({string.Join(",", r.Values)})",
        _ => $"{r.Key}{r.Operator}{r.Values[0]}",
    }));

    private static LabelRequirement? ParseTerm(string term)
    {
        if (term.StartsWith('!')) return ValidKey(term[1..].Trim()) is { } k ? new LabelRequirement(k, "!", []) : null;
        foreach (var op in new[] { " notin ", " in " })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            var key = ValidKey(term[..at].Trim());
            var set = term[(at + op.Length)..].Trim();
            if (key is null || !set.StartsWith('(') || !set.EndsWith(')')) return null;
            var values = set[1..^1].Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            return new LabelRequirement(key, op.Trim(), values);
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            var key = ValidKey(term[..at].Trim());
            return key is null ? null : new LabelRequirement(key, op, [term[(at + op.Length)..].Trim()]);
        }
        return ValidKey(term) is { } exists ? new LabelRequirement(exists, "exists", []) : null;
    }

    private static string? ValidKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') ? key : null;

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
