using System.Text.Json.Nodes;
using Pipelines.Config;
using Pipelines.Diagnostics;

namespace Pipelines.Kubernetes;

/// <summary>
/// <c>Sync --prune</c>: deletes objects that carry the environment's label but are no longer in git. Only
/// labelled objects are candidates, so nothing Pipelines did not apply is ever touched. It looks at the
/// kinds kubectl's prune allowlist names plus every kind this sync applied — Secrets only when the sync applied some,
/// so that a config repo without Secrets never needs the right to read them; namespaces are never pruned
/// (deleting one deletes everything in it) — delete a namespace yourself.
/// </summary>
internal sealed class Pruner(KubeApi api, ApiResources resources, ILog log)
{
    private static readonly (string ApiVersion, string Kind)[] Allowlist =
    [
        ("v1", "ConfigMap"), ("v1", "Service"), ("v1", "ServiceAccount"), ("v1", "PersistentVolumeClaim"), ("v1", "Pod"),
        ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"),
        ("batch/v1", "Job"), ("batch/v1", "CronJob"), ("networking.k8s.io/v1", "Ingress"),
    ];

    /// <returns>What was deleted, as kubectl names it, with its namespace.</returns>
    public async Task<IReadOnlyList<string>> PruneAsync(EnvironmentConfig environment, IReadOnlyList<AppliedObject> applied, bool dryRun, CancellationToken cancellationToken = default)
    {
        var keep = applied.Select(a => Key(a.Resource, a.Namespace, a.Source.Name)).ToHashSet();
        var namespaces = applied.Where(a => a.Namespace is not null).Select(a => a.Namespace!).Append(environment.Namespace).Distinct().ToList();
        var kinds = new List<ApiResource>();
        foreach (var (apiVersion, kind) in Allowlist)
        {
            var served = (await resources.GroupVersionAsync(apiVersion, cancellationToken)).FirstOrDefault(r => r.Kind == kind);
            if (served is not null) kinds.Add(served);
        }
        kinds.AddRange(applied.Select(a => a.Resource).Where(r => r.Kind != "Namespace"));
        var pruned = new List<string>();
        var selector = Uri.EscapeDataString($"{ObjectApplier.EnvironmentLabel}={environment.Name}");
        foreach (var resource in kinds.DistinctBy(r => (r.GroupVersion, r.Kind)))
        {
            foreach (var ns in resource.Namespaced ? namespaces.Cast<string?>() : [null])
            {
                var list = await api.GetAsync($"{resource.CollectionPath(ns)}?labelSelector={selector}", cancellationToken);
                foreach (var item in (list?["items"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var name = item["metadata"]!["name"]!.GetValue<string>();
                    if (keep.Contains(Key(resource, ns, name))) continue;
                    var display = $"{resource.Kind.ToLowerInvariant()}{(resource.Group.Length == 0 ? "" : "." + resource.Group)}/{name}{(ns is null ? "" : $" in {ns}")}";
                    if (await api.DeleteAsync(resource.ObjectPath(ns, name), dryRun, cancellationToken))
                    {
                        log.Info($"{display} pruned{(dryRun ? " (server dry run)" : "")}");
                        pruned.Add(display);
                    }
                }
            }
        }
        return pruned;
    }

    private static string Key(ApiResource resource, string? ns, string name) => $"{resource.GroupVersion}/{resource.Kind}/{ns}/{name}";
}
