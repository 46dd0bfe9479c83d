using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Selectors;

/// <summary>One requirement of a label selector: key, operator (=, !=, in, notin, exists, !) and values.</summary>
public sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Matches(has, value);
    }

    /// <summary>Against an object's metadata.labels as stored (null when it has none); a null label value counts as absent.</summary>
    public bool Matches(JsonObject? labels)
    {
        var node = labels?[Key];
        return Matches(node is not null, node?.ToString());
    }

    private bool Matches(bool has, string? value) =>
        Operator switch
        {
            "=" or "==" or "in" => has && Values.Contains(value!),
            "!=" or "notin" => !has || !Values.Contains(value!),
            "exists" => has,
            "!" => !has,
            _ => false,
        };
}
