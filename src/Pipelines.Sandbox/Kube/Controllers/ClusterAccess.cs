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

    public KindCatalog Catalog => catalog;

    public DateTimeOffset UtcNow => clock.GetUtcNow();

    public string Now() => lifecycle.Now();

    public IReadOnlyList<JsonObject> All(ResourceKind kind) => store.List(kind, null).Items;

    public JsonObject? Get(ResourceKind kind, JsonObject obj) => store.Get(kind, obj.Namespace(), obj.Name());

    public JsonObject? Get(ResourceKind kind, string? ns, string name) => store.Get(kind, ns, name);

    /// <summary>The objects of a kind whose controller owner reference names the owner.</summary>
    public IReadOnlyList<JsonObject> OwnedBy(ResourceKind kind, JsonObject owner)
    {
        var uid = owner.String("metadata", "uid");
        return store.List(kind, owner.Namespace()).Items
            .Where(o => o.At("metadata", "ownerReferences") is JsonArray refs
                        && refs.Any(r => r.String("uid") == uid && r?["controller"] is JsonValue c && c.GetValue<bool>()))
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

    public void Delete(ResourceKind kind, JsonObject obj) =>
        operations.Delete(new ResourcePath(kind, obj.Namespace(), obj.Name(), null), new RequestOptions(), null);

    /// <summary>Changes an object in one step (nothing is written when the change leaves it as it was).</summary>
    public void Change(ResourceKind kind, JsonObject obj, Action<JsonObject> change, string? subresource = null) =>
        store.Write(kind, obj.Namespace(), obj.Name(), current =>
        {
            if (current is null) return ((StoreWrite)new StoreWrite.None(), 0);
            var next = (JsonObject)current.DeepClone();
            change(next);
            var updated = ObjectLifecycle.ForUpdate(kind, current, next, subresource);
            return (JsonNode.DeepEquals(updated, current) ? new StoreWrite.None() : new StoreWrite.Put(updated), 0);
        });

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

    public static bool IsReady(JsonObject pod) =>
        (pod.At("status", "conditions") as JsonArray)?.Any(c => c.String("type") == "Ready" && c.String("status") == "True") == true;
}
