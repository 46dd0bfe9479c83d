using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>What the simulated controllers read and write, through the same operations clients use.</summary>
internal sealed class ClusterAccess(ObjectStore store, KindCatalog catalog, ResourceOperations operations, ObjectLifecycle lifecycle, TimeProvider clock)
{
    public const string NodeName = "emulator-node";

    private long objectsRead;

    /// <summary>Objects handed to the controllers so far: their work, which must grow with what changed, not with what is stored.</summary>
    public long ObjectsRead => Interlocked.Read(ref objectsRead);

    public KindCatalog Catalog => catalog;

    public DateTimeOffset UtcNow => clock.GetUtcNow();

    public string Now() => lifecycle.Now();

    public IReadOnlyList<JsonObject> All(ResourceKind kind) => Counted(store.List(kind, null).Items);

    public IReadOnlyList<JsonObject> InNamespace(ResourceKind kind, string ns) => Counted(store.List(kind, ns).Items);

    public JsonObject? Get(ObjectKey key) => Get(key.Kind, key.Kind.Namespaced ? key.Namespace : null, key.Name);

    /// <summary>Whether an object of any kind has this uid (an owner reference to it is not dangling).</summary>
    public bool Exists(string uid) => store.Exists(uid);

    public JsonObject? Get(ResourceKind kind, JsonObject obj) => Get(kind, obj.Namespace(), obj.Name());

    public JsonObject? Get(ResourceKind kind, string? ns, string name) => Counted(store.Get(kind, ns, name));

    /// <summary>The objects of a kind whose controller owner reference names the owner.</summary>
    public IReadOnlyList<JsonObject> OwnedBy(ResourceKind kind, JsonObject owner)
    {
        var uid = owner.String("metadata", "uid");
        return Dependents(owner)
            .Where(d => d.Kind == kind && d.Object.At("metadata", "ownerReferences") is JsonArray refs
                        && refs.Any(r => r.String("uid") == uid && r?["controller"] is JsonValue c && c.GetValue<bool>()))
            .Select(d => d.Object)
            .ToList();
    }

    public static JsonObject ControllerReference(ResourceKind kind, JsonObject owner) => new()
    {
        ["apiVersion"] = kind.ApiVersion,
        ["kind"] = kind.Kind,
        ["name"] = owner.Name(),
        ["uid"] = owner.String("metadata", "uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public ApiResult Create(ResourceKind kind, string ns, JsonObject obj) =>
        operations.Create(new ResourcePath(kind, ns, null, null), obj, new RequestOptions());

    public void Delete(ResourceKind kind, JsonObject obj, string? propagationPolicy = null) =>
        operations.Delete(new ResourcePath(kind, obj.Namespace(), obj.Name(), null), new RequestOptions { PropagationPolicy = propagationPolicy }, null);

    /// <summary>Removes an object from storage at once: what finishing a deletion does (its finalizers are done, its pod is killed).</summary>
    public void Remove(ResourceKind kind, JsonObject obj) =>
        store.Write(kind, obj.Namespace(), obj.Name(), current => ((StoreWrite)(current is null ? new StoreWrite.None() : new StoreWrite.Remove()), 0));

    /// <summary>The objects of every kind that name the owner (by uid) in their ownerReferences.</summary>
    public IEnumerable<(ResourceKind Kind, JsonObject Object)> Dependents(JsonObject owner)
    {
        if (owner.String("metadata", "uid") is not { } uid) yield break;
        // A namespaced owner's dependents live in its namespace: a reference from elsewhere does not make one.
        var ns = owner.Namespace();
        foreach (var (kind, o) in store.Dependents(uid))
        {
            if (ns is not null && o.Namespace() != ns) continue;
            Interlocked.Increment(ref objectsRead);
            yield return (kind, o);
        }
    }

    /// <summary>Changes an object in one step (nothing is written when the change leaves it as it was). The stored object is
    /// lent, not copied: only its copy is changed.</summary>
    public void Change(ResourceKind kind, JsonObject obj, Action<JsonObject> change, string? subresource = null) =>
        store.Write(kind, obj.Namespace(), obj.Name(), current =>
        {
            if (current is null) return ((StoreWrite)new StoreWrite.None(), 0);
            var next = (JsonObject)current.DeepClone();
            change(next);
            var updated = ObjectLifecycle.ForUpdate(kind, current, next, subresource);
            return (JsonNode.DeepEquals(updated, current) ? new StoreWrite.None() : new StoreWrite.Put(updated), 0);
        }, lendCurrent: true);

    /// <summary>A pod for a workload: the template's labels, annotations and spec, owned by the workload.</summary>
    public JsonObject PodFrom(JsonObject template, ResourceKind ownerKind, JsonObject owner, string? name, IDictionary<string, string> extraLabels)
    {
        var metadata = new JsonObject();
        if (name is null) metadata["generateName"] = owner.Name() + "-";
        else metadata["name"] = name;
        var labels = template.At("metadata", "labels")?.DeepClone() as JsonObject ?? new JsonObject();
        foreach (var (k, v) in extraLabels) labels[k] = v;
        metadata["labels"] = labels;
        if (template.At("metadata", "annotations") is JsonObject annotations) metadata["annotations"] = annotations.DeepClone();
        metadata["ownerReferences"] = new JsonArray(ControllerReference(ownerKind, owner));
        // No nodeName: the scheduler (PodLifecycle) binds the pod when its requests fit the node.
        var spec = template["spec"]?.DeepClone() as JsonObject ?? new JsonObject();
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
    }

    private IReadOnlyList<JsonObject> Counted(IReadOnlyList<JsonObject> objects)
    {
        Interlocked.Add(ref objectsRead, objects.Count);
        return objects;
    }

    private JsonObject? Counted(JsonObject? obj)
    {
        if (obj is not null) Interlocked.Increment(ref objectsRead);
        return obj;
    }

    public static bool IsReady(JsonObject pod) =>
        (pod.At("status", "conditions") as JsonArray)?.Any(c => c.String("type") == "Ready" && c.String("status") == "True") == true;
}
