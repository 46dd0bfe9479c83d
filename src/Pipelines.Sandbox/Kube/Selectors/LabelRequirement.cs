namespace Pipelines.Sandbox.Kube.Selectors;

/// <summary>One requirement of a label selector: key, operator (=, !=, in, notin, exists, !) and values.</summary>
public sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "=" or "==" or "in" => has && Values.Contains(value!),
            "!=" or "notin" => !has || !Values.Contains(value!),
            "exists" => has,
            "!" => !has,
            _ => false,
        };
    }
}
