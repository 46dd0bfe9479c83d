using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Finishes deletions, as the garbage collector, the namespace controller and the kubelet do: the orphan finalizer
/// removes the owner's references from its dependents first; foregroundDeletion deletes the dependents first; a
/// Terminating namespace deletes its content, then goes; a pod being deleted goes once its container has stopped (after
/// <c>podTerminationDelay</c>, or its grace period when shorter). An object whose finalizers are all done is removed.
/// Objects with other finalizers wait for whoever owns them.
/// </summary>
internal sealed class DeletionController(ClusterAccess cluster, WorkQueue queue, TimeSpan podTerminationDelay)
{
    /// <summary>When each namespace was first seen Terminating: it stays so for at least the pod termination delay, as the
    /// real namespace controller takes a moment, so that clients always see Terminating first.</summary>
    private readonly Dictionary<string, DateTimeOffset> terminating = [];

    /// <summary>Finishes the deletions of the queued objects; a pod or namespace that must wait longer is queued again for then.</summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        foreach (var key in work)
        {
            var kind = key.Kind;
            if (cluster.Get(key) is not { } obj || obj.String("metadata", "deletionTimestamp") is null) continue;
            var finalizers = (obj.At("metadata", "finalizers") as JsonArray ?? []).Select(f => (string?)f).ToList();
            if (finalizers.Contains("orphan"))
            {
                foreach (var (dependentKind, dependent) in cluster.Dependents(obj).ToList())
                    cluster.Change(dependentKind, dependent, d => RemoveOwner(d, obj.String("metadata", "uid")));
                Finish(kind, obj, "orphan");
            }
            else if (finalizers.Contains("foregroundDeletion"))
            {
                var dependents = cluster.Dependents(obj).ToList();
                // The dependents go in the foreground too, so the owner waits for the whole tree (a deployment for its pods).
                foreach (var (dependentKind, dependent) in dependents.Where(d => d.Object.String("metadata", "deletionTimestamp") is null))
                    cluster.Delete(dependentKind, dependent, "Foreground");
                if (dependents.Count == 0) Finish(kind, obj, "foregroundDeletion");
            }
            else if (kind == cluster.Catalog.Namespaces)
            {
                var content = cluster.Catalog.Kinds.Where(k => k.Namespaced).SelectMany(k => cluster.InNamespace(k, obj.Name()).Select(o => (k, o))).ToList();
                foreach (var (contentKind, item) in content.Where(c => c.o.String("metadata", "deletionTimestamp") is null)) cluster.Delete(contentKind, item);
                var uid = obj.String("metadata", "uid") ?? "";
                if (!terminating.TryGetValue(uid, out var since)) terminating[uid] = since = cluster.UtcNow;
                if (content.Count > 0) continue;
                if (cluster.UtcNow >= since + podTerminationDelay)
                {
                    cluster.Remove(kind, obj);
                    terminating.Remove(uid);
                }
                else queue.AddAfter(key, since + podTerminationDelay);
            }
            else if (kind == cluster.Catalog.Pods && finalizers.Count == 0)
            {
                var since = DateTimeOffset.Parse(obj.String("metadata", "deletionTimestamp")!, CultureInfo.InvariantCulture);
                var grace = TimeSpan.FromSeconds(obj.Long("metadata", "deletionGracePeriodSeconds") ?? 0);
                var at = since + (grace < podTerminationDelay ? grace : podTerminationDelay);
                if (cluster.UtcNow >= at) cluster.Remove(kind, obj);
                else queue.AddAfter(key, at);
            }
            else if (finalizers.Count == 0 && kind != cluster.Catalog.Pods)
            {
                cluster.Remove(kind, obj);
            }
        }
    }

    /// <summary>Removes one finalizer; the object goes when it was the last.</summary>
    private void Finish(Kinds.ResourceKind kind, JsonObject obj, string finalizer)
    {
        var left = (obj.At("metadata", "finalizers") as JsonArray ?? []).Where(f => (string?)f != finalizer).Select(f => f?.DeepClone()).ToArray();
        if (left.Length == 0 && kind != cluster.Catalog.Namespaces && kind != cluster.Catalog.Pods)
        {
            cluster.Remove(kind, obj);
            return;
        }
        cluster.Change(kind, obj, o =>
        {
            if (left.Length == 0) o.Meta().Remove("finalizers");
            else o.Meta()["finalizers"] = new JsonArray(left);
        });
    }

    private static void RemoveOwner(JsonObject dependent, string? uid)
    {
        if (dependent.At("metadata", "ownerReferences") is not JsonArray refs) return;
        foreach (var r in refs.Where(r => r.String("uid") == uid).ToList()) refs.Remove(r);
        if (refs.Count == 0) dependent.Meta().Remove("ownerReferences");
    }
}
