using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The pod-template-hash the deployment controller puts in ReplicaSet names and labels: FNV-1a (32 bit)
/// of the template, written with the API server's safe alphabet, as k8s.io/kubernetes/pkg/controller does.
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(JsonNode? template)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(template)))
            hash = unchecked((hash ^ b) * 16777619u);
        return new string(hash.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => Alphabet[c % Alphabet.Length]).ToArray());
    }

    /// <summary>Whether two pod templates are the same once the pod-template-hash label is set aside.</summary>
    public static bool SameTemplate(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(WithoutHash(a), WithoutHash(b));

    public static JsonNode? WithoutHash(JsonNode? template)
    {
        var copy = template?.DeepClone();
        if (copy?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(Label);
            if (labels.Count == 0) ((JsonObject)copy["metadata"]!).Remove("labels");
        }
        return copy;
    }

    /// <summary>JSON with object keys sorted, so that equal templates hash equally whatever their key order.</summary>
    public static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonValue.Create(p.Key).ToJsonString() + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
