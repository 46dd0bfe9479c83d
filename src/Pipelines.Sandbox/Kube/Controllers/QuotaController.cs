using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>The resource quota controller: each ResourceQuota's status says its hard limits and what the namespace's pods use.</summary>
internal sealed class QuotaController(ClusterAccess cluster)
{
    /// <summary>Recounts the quotas of the namespaces whose pods or quotas are queued.</summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        var kinds = cluster.Catalog;
        var (pods, quotas) = (kinds.Pods, kinds.ResourceQuotas);
        var namespaces = work.Where(k => k.Kind == pods || k.Kind == quotas).Select(k => k.Namespace).Distinct(StringComparer.Ordinal);
        foreach (var quota in namespaces.SelectMany(ns => cluster.InNamespace(kinds.ResourceQuotas, ns)))
        {
            if (quota.At("spec", "hard") is not JsonObject hard) continue;
            var used = QuotaUsage.Of(cluster.InNamespace(kinds.Pods, quota.Namespace()!));
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
