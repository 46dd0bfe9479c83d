using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Patching;
using Pipelines.Sandbox.Kube.Selectors;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>Deletion: of one object (with finalizers, grace periods and propagation as the API server does them) and of a
/// collection, and the garbage collection of dependents that follows.</summary>
public sealed partial class ResourceOperations
{
    /// <summary>
    /// Deletes as the API server does. An object with finalizers, a foreground or orphan deletion (which add the
    /// foregroundDeletion or orphan finalizer), a namespace (Terminating until its content is gone) and a pod with a grace
    /// period are marked with deletionTimestamp and stay until the controllers (<see cref="Controllers"/>) are done;
    /// anything else goes at once, its dependents after it (background). A dry run changes nothing.
    /// </summary>
    public ApiResult Delete(ResourcePath path, RequestOptions options, JsonNode? body)
    {
        var policy = options.PropagationPolicy ?? body.String("propagationPolicy");
        if (policy is not (null or "Background" or "Foreground" or "Orphan"))
            return ApiErrors.BadRequest($"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        var dryRun = options.DryRun || (body?["dryRun"] as JsonArray)?.Any(d => d?.ToString() == "All") == true;
        var precondition = body.String("preconditions", "resourceVersion");
        var uidPrecondition = body.String("preconditions", "uid");
        var grace = options.GracePeriodSeconds ?? body.Long("gracePeriodSeconds");
        var removed = false;
        JsonObject? gone = null;
        var result = store.Write(path.Kind, path.Namespace, path.Name!, current =>
        {
            if (current is null) return (new StoreWrite.None(), ApiErrors.NotFound(path.Kind, path.Name!));
            if ((precondition is not null && precondition != current.String("metadata", "resourceVersion"))
                || (uidPrecondition is not null && uidPrecondition != current.String("metadata", "uid")))
                return (new StoreWrite.None(), ApiErrors.Conflict(path.Kind, path.Name!));
            var marked = (JsonObject)current.DeepClone();
            var meta = marked.Meta();
            var finalizers = meta["finalizers"] as JsonArray ?? [];
            if (policy == "Foreground" && !Has(finalizers, "foregroundDeletion")) finalizers.Add("foregroundDeletion");
            if (policy == "Orphan" && !Has(finalizers, "orphan")) finalizers.Add("orphan");
            var podGrace = path.Kind == catalog.Pods ? grace ?? current.Long("spec", "terminationGracePeriodSeconds") ?? 30 : 0;
            var graceful = finalizers.Count > 0 || path.Kind == catalog.Namespaces || (podGrace > 0 && current.String("metadata", "deletionTimestamp") is null);
            if (!graceful || (path.Kind == catalog.Pods && podGrace == 0 && finalizers.Count == 0))
            {
                removed = true;
                gone = current;
                return (dryRun ? new StoreWrite.None() : new StoreWrite.Remove(), ApiResult.Ok(current));
            }
            if (finalizers.Count > 0) meta["finalizers"] = finalizers.DeepClone();
            if (current.String("metadata", "deletionTimestamp") is null)
            {
                meta["deletionTimestamp"] = lifecycle.Now();
                meta["deletionGracePeriodSeconds"] = path.Kind == catalog.Pods ? podGrace : 0;
                if (path.Kind == catalog.Namespaces) marked["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            return (dryRun ? new StoreWrite.None() : new StoreWrite.Put(marked), ApiResult.Ok(marked));
        }, written => ApiResult.Ok(written));
        if (removed && !dryRun && gone is not null) CollectDependents(gone, orphan: false);
        return result;
    }

    public ApiResult DeleteCollection(ResourcePath path, RequestOptions options, JsonNode? body)
    {
        var listed = List(path, options with { Limit = null, Continue = null });
        if (!listed.IsSuccess) return listed;
        var items = ((JsonArray)listed.Body["items"]!).OfType<JsonObject>().ToList();
        foreach (var item in items)
            Delete(path with { Namespace = item.Namespace(), Name = item.Name() }, options, body);
        return listed;
    }

    /// <summary>What the garbage collector does: dependents go with their owner, or lose the reference (Orphan).</summary>
    private void CollectDependents(JsonObject owner, bool orphan)
    {
        if (owner.String("metadata", "uid") is not { } uid) return;
        // Looked up in the store's owner index: scanning the namespace per deletion made deleting N objects quadratic.
        var dependents = store.Dependents(uid)
            .Where(d => d.Kind.Namespaced && (owner.Namespace() is null || d.Object.Namespace() == owner.Namespace()));
        foreach (var (kind, dependent) in dependents)
        {
            if (orphan)
                store.Write(kind, dependent.Namespace(), dependent.Name(), current =>
                {
                    if (current?.At("metadata", "ownerReferences") is not JsonArray list) return ((StoreWrite)new StoreWrite.None(), 0);
                    foreach (var r in list.Where(r => r.String("uid") == uid).ToList()) list.Remove(r);
                    if (list.Count == 0) current.Meta().Remove("ownerReferences");
                    return ((StoreWrite)new StoreWrite.Put(current), 0);
                });
            else
                Delete(new ResourcePath(kind, dependent.Namespace(), dependent.Name(), null), new RequestOptions(), null);
        }
    }

    private static bool Has(JsonArray list, string value) => list.Any(v => (string?)v == value);
}
