using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The objects a change concerns, as the real controllers' event handlers decide: the object itself; its owners, before
/// and after (a pod's change is its replica set's, whose status change is its deployment's; an owner a reference was
/// taken from must notice too); and on a deletion the object's dependents (for the garbage collector) and its namespace
/// (a terminating namespace waits for its content to go).
/// </summary>
internal static class ChangedKeys
{
    public static IEnumerable<ObjectKey> Of(StoredEvent change, ClusterAccess cluster)
    {
        yield return ObjectKey.Of(change.Kind, change.Object);
        foreach (var owner in Owners(change.Object, cluster).Concat(change.Previous is null ? [] : Owners(change.Previous, cluster)))
            yield return owner;
        if (change.Type != StoredEvent.Deleted) yield break;
        foreach (var (kind, dependent) in cluster.Dependents(change.Object)) yield return ObjectKey.Of(kind, dependent);
        if (change.Object.Namespace() is { } ns) yield return new ObjectKey(cluster.Catalog.Namespaces, "", ns);
    }

    private static IEnumerable<ObjectKey> Owners(JsonObject obj, ClusterAccess cluster)
    {
        foreach (var reference in (obj.At("metadata", "ownerReferences") as JsonArray ?? []).OfType<JsonObject>())
        {
            // An owner of a kind not served (a CRD gone) has nothing to reconcile; the garbage collector sees the object itself.
            if (cluster.Catalog.ByKind(reference.String("apiVersion") ?? "", reference.String("kind") ?? "") is not { } kind) continue;
            yield return new ObjectKey(kind, kind.Namespaced ? obj.Namespace() ?? "" : "", reference.String("name") ?? "");
        }
    }
}
