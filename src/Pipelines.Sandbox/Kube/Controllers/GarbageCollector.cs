using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Deletes objects all of whose owners are gone, as the garbage collector does. Deletes cascade at once
/// already; this catches dependents a controller created while their owner was being deleted.
/// </summary>
internal sealed class GarbageCollector(ClusterAccess cluster)
{
    public void Collect()
    {
        var kinds = cluster.Catalog.Kinds;
        var all = kinds.SelectMany(k => cluster.All(k).Select(o => (Kind: k, Object: o))).ToList();
        var uids = all.Select(e => e.Object.String("metadata", "uid")).ToHashSet();
        foreach (var (kind, obj) in all)
        {
            if (obj.String("metadata", "deletionTimestamp") is not null) continue;
            if (obj.At("metadata", "ownerReferences") is not JsonArray owners || owners.Count == 0) continue;
            if (owners.All(o => !uids.Contains(o.String("uid")))) cluster.Delete(kind, obj);
        }
    }
}
