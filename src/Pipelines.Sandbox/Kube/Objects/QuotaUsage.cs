using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// ResourceQuota for pods, as the quota admission plugin checks it: a pod that would take a namespace past a quota's
/// <c>pods</c>, <c>requests.cpu</c>/<c>cpu</c>, <c>requests.memory</c>/<c>memory</c>, <c>limits.cpu</c> or
/// <c>limits.memory</c> is forbidden, as is one that does not say a resource a quota limits.
/// </summary>
public static class QuotaUsage
{
    private static readonly string[] Tracked = ["pods", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

    /// <summary>What pods use, per tracked resource name.</summary>
    public static Dictionary<string, decimal> Of(IEnumerable<JsonObject> pods)
    {
        var used = Tracked.ToDictionary(t => t, _ => 0m);
        foreach (var pod in pods.Where(p => p.String("status", "phase") is not ("Succeeded" or "Failed")))
        {
            used["pods"] += 1;
            foreach (var c in Containers(pod))
            {
                used["requests.cpu"] += Quantity.Parse(Request(c, "cpu"));
                used["requests.memory"] += Quantity.Parse(Request(c, "memory"));
                used["limits.cpu"] += Quantity.Parse(c.String("resources", "limits", "cpu"));
                used["limits.memory"] += Quantity.Parse(c.String("resources", "limits", "memory"));
            }
        }
        return used;
    }

    /// <summary>The admission refusal for a new pod, or null when every quota of its namespace allows it.</summary>
    public static string? Refusal(JsonObject pod, IReadOnlyList<JsonObject> quotas, IEnumerable<JsonObject> existing)
    {
        if (quotas.Count == 0) return null;
        var used = Of(existing);
        var requested = Of([pod]);
        foreach (var quota in quotas)
        {
            if (quota.At("spec", "hard") is not JsonObject hard) continue;
            var limits = hard.Select(h => (Name: Canonical(h.Key), Value: Quantity.Parse(h.Value?.ToString()))).Where(h => Tracked.Contains(h.Name)).ToList();
            foreach (var (name, _) in limits.Where(l => l.Name != "pods"))
            {
                var missing = Containers(pod).Where(c => Spelled(c, name) is null).Select(c => c.String("name")).ToList();
                if (missing.Count > 0) return $"failed quota: {quota.Name()}: must specify {name} for: {string.Join(",", missing)}";
            }
            var exceeded = limits.Where(l => requested[l.Name] > 0 && used[l.Name] + requested[l.Name] > l.Value).ToList();
            if (exceeded.Count == 0) continue;
            string Text(Func<(string Name, decimal Value), decimal> value) =>
                string.Join(",", exceeded.Select(e => $"{e.Name}={Quantity.Format(value(e), e.Name.EndsWith("memory", StringComparison.Ordinal))}"));
            return $"exceeded quota: {quota.Name()}, requested: {Text(e => requested[e.Name])}, used: {Text(e => used[e.Name])}, limited: {Text(e => e.Value)}";
        }
        return null;
    }

    private static string Canonical(string name) => name switch { "cpu" => "requests.cpu", "memory" => "requests.memory", _ => name };

    private static IEnumerable<JsonObject> Containers(JsonObject pod) => (pod.At("spec", "containers") as JsonArray ?? []).OfType<JsonObject>();

    private static string? Request(JsonObject container, string resource) =>
        container.String("resources", "requests", resource) ?? container.String("resources", "limits", resource);

    private static string? Spelled(JsonObject container, string tracked) => tracked switch
    {
        "requests.cpu" => Request(container, "cpu"),
        "requests.memory" => Request(container, "memory"),
        "limits.cpu" => container.String("resources", "limits", "cpu"),
        _ => container.String("resources", "limits", "memory"),
    };
}
