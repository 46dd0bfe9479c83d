using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Deletes objects all of whose owners are gone, as the garbage collector does. Deletes cascade at once
/// already; this catches dependents a controller created while their owner was being deleted. It looks at the queued
/// objects: those just written, and the dependents of those just deleted.
/// </summary>
internal sealed class GarbageCollector(ClusterAccess cluster)
{
    public void Collect(IReadOnlySet<ObjectKey> work)
    {
        foreach (var key in work)
        {
            if (cluster.Get(key) is not { } obj || obj.String("metadata", "deletionTimestamp") is not null) continue;
            if (obj.At("metadata", "ownerReferences") is not JsonArray owners || owners.Count == 0) continue;
            if (owners.All(o => o.String("uid") is not { } uid || !cluster.Exists(uid))) cluster.Delete(key.Kind, obj);
        }
    }
}
