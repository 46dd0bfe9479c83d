using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>A workload's <c>spec.selector</c> (matchLabels and matchExpressions) as the <c>labelSelector</c> query of a list.</summary>
internal static class LabelSelectorText
{
    /// <returns>e.g. <c>app=web,tier in (front,edge)</c>; null when the selector selects nothing (absent or empty).</returns>
    public static string? Of(JsonNode? selector, params (string Key, string Value)[] extra)
    {
        var parts = new List<string>();
        if (At(selector, "matchLabels") is JsonObject labels)
        {
            parts.AddRange(labels.Select(l => $"{l.Key}={l.Value}"));
        }
        foreach (var expression in Objects(selector, "matchExpressions"))
        {
            var key = Text(expression, "key");
            var values = string.Join(",", (At(expression, "values") as JsonArray ?? []).Select(v => v?.ToString()));
            parts.Add(Text(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key!,
                "DoesNotExist" => $"!{key}",
                var other => throw new ArgumentException($"selector operator {other} is not one of In, NotIn, Exists, DoesNotExist"),
            });
        }
        if (parts.Count == 0) return null;
        parts.AddRange(extra.Select(e => $"{e.Key}={e.Value}"));
        return string.Join(",", parts);
    }
}
