using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>The resource quota controller: each ResourceQuota's status says its hard limits and what the namespace's pods use.</summary>
internal sealed class QuotaController(ClusterAccess cluster)
{
    public void Reconcile()
    {
        var kinds = cluster.Catalog;
        foreach (var quota in cluster.All(kinds.ResourceQuotas))
        {
            if (quota.At("spec", "hard") is not JsonObject hard) continue;
            var used = QuotaUsage.Of(cluster.All(kinds.Pods).Where(p => p.Namespace() == quota.Namespace()));
            var usedStatus = new JsonObject();
            foreach (var (name, _) in hard)
            {
                var key = name switch { "cpu" => "requests.cpu", "memory" => "requests.memory", _ => name };
                if (used.TryGetValue(key, out var value))
                    usedStatus[name] = key == "pods" ? value.ToString("0", CultureInfo.InvariantCulture) : Quantity.Format(value, key.EndsWith("memory", StringComparison.Ordinal));
            }
            cluster.Change(kinds.ResourceQuotas, quota, q => q["status"] = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = usedStatus }, subresource: "status");
        }
    }
}
