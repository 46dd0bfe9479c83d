using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Patching;
using Pipelines.Sandbox.Kube.Selectors;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>
/// The verbs on resources: get, list, create, update, patch, delete and deletecollection, each from a
/// parsed path, options and body to an <see cref="ApiResult"/>. No HTTP here; the endpoints translate.
/// </summary>
public sealed class ResourceOperations(ObjectStore store, KindCatalog catalog, ObjectLifecycle lifecycle)
{
    public ApiResult Get(ResourcePath path) =>
        store.Get(path.Kind, path.Namespace, path.Name!) is { } obj
            ? ApiResult.Ok(path.Subresource == "scale" ? ScaleSubresource.From(obj) : obj)
            : ApiErrors.NotFound(path.Kind, path.Name!);

    /// <summary>PUT or PATCH of /scale: the change is made to a Scale view of the workload and written back as spec.replicas.</summary>
    private ApiResult WriteScale(ResourcePath path, Func<JsonObject, JsonNode?> newScale, RequestOptions options) =>
        store.Write(path.Kind, path.Namespace, path.Name!, current =>
        {
            if (current is null) return (new StoreWrite.None(), ApiErrors.NotFound(path.Kind, path.Name!));
            JsonNode? scale;
            try
            {
                scale = newScale(ScaleSubresource.From(current));
            }
            catch (PatchError e)
            {
                return (new StoreWrite.None(), ApiErrors.BadRequest(e.Message));
            }
            var expected = scale.String("metadata", "resourceVersion");
            if (!string.IsNullOrEmpty(expected) && expected != current.String("metadata", "resourceVersion"))
                return (new StoreWrite.None(), ApiErrors.Conflict(path.Kind, path.Name!));
            if (ScaleSubresource.Apply(current, scale) is not { } scaled)
                return (new StoreWrite.None(), ApiErrors.BadRequest("the Scale names no spec.replicas"));
            var (write, result) = Store(path with { Subresource = null }, ObjectLifecycle.ForUpdate(path.Kind, current, scaled, null), options, 200);
            return (write, result.IsSuccess ? ApiResult.Ok(ScaleSubresource.From((JsonObject)result.Body)) : result);
        }, written => ApiResult.Ok(ScaleSubresource.From(written)));

    public ApiResult List(ResourcePath path, RequestOptions options)
    {
        var (labels, labelError) = LabelSelector.Parse(options.LabelSelector);
        if (labelError is not null) return ApiErrors.BadRequest(labelError);
        var (fields, fieldError) = FieldSelector.Parse(options.FieldSelector, path.Kind);
        if (fieldError is not null) return ApiErrors.BadRequest(fieldError);

        var (all, revision) = store.List(path.Kind, path.Namespace);
        var matching = all.Where(o => labels!.Matches(o) && fields!.Matches(o)).ToList();
        if (options.Continue is { Length: > 0 } token)
        {
            var after = ContinueKey(token);
            if (after is null) return ApiErrors.BadRequest("continue key is not valid: incorrect encoded start resourceVersion");
            matching = matching.SkipWhile(o => string.CompareOrdinal(Key(o), after) <= 0).ToList();
        }
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (options.Limit is { } limit && matching.Count > limit)
        {
            meta["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key(matching[limit - 1])));
            meta["remainingItemCount"] = matching.Count - limit;
            matching = matching.Take(limit).ToList();
        }
        return ApiResult.Ok(ListBody(path.Kind, meta, matching.Select(WithoutTypeMeta)));
    }

    public static JsonObject ListBody(ResourceKind kind, JsonObject meta, IEnumerable<JsonObject> items) => new()
    {
        ["kind"] = kind.ListKind,
        ["apiVersion"] = kind.ApiVersion,
        ["metadata"] = meta,
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };

    public ApiResult Create(ResourcePath path, JsonNode? body, RequestOptions options)
    {
        if (body is not JsonObject incoming) return ApiErrors.BadRequest("the body of the request must be a JSON object");
        if (TypeMismatch(path.Kind, incoming) is { } mismatch) return mismatch;
        if (incoming.Namespace() is { Length: > 0 } bodyNs && path.Namespace is not null && bodyNs != path.Namespace)
            return ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        if (path.Namespace is not null && store.Get(catalog.Namespaces, null, path.Namespace) is null)
            return ApiErrors.NamespaceNotFound(path.Namespace);

        var (decoded, refused, warnings) = Decode(path.Kind, incoming, options, unknown => ApiErrors.BadRequest(FieldValidation.StrictMessage(unknown)));
        if (refused is not null) return refused;
        var obj = lifecycle.ForCreate(path.Kind, decoded, path.Namespace);
        if (obj.Name().Length == 0 && incoming.String("metadata", "generateName") is null)
            return ApiErrors.Invalid(path.Kind, "", FieldError.Required("metadata.name"));
        if (Validation.Check(path.Kind, obj) is { Count: > 0 } errors) return ApiErrors.Invalid(path.Kind, obj.Name(), [.. errors]);
        if (path.Kind == catalog.Pods && QuotaUsage.Refusal(obj, store.List(catalog.ResourceQuotas, path.Namespace).Items, store.List(catalog.Pods, path.Namespace).Items) is { } overQuota)
            return ApiErrors.Forbidden(path.Kind, obj.Name(), overQuota);

        var result = store.Write(path.Kind, path.Namespace, obj.Name(), current =>
            current is not null ? (new StoreWrite.None(), ApiErrors.AlreadyExists(path.Kind, obj.Name()))
            : options.DryRun ? (new StoreWrite.None(), ApiResult.Created(obj))
            : (new StoreWrite.Put(obj), ApiResult.Created(obj)),
            written => ApiResult.Created(written));
        if (result.IsSuccess && !options.DryRun && path.Kind == catalog.Namespaces) CreateDefaultServiceAccount(obj.Name());
        return result with { Warnings = warnings };
    }

    /// <summary>What a typed decode does with fields the schema does not declare, as fieldValidation asks (see <see cref="FieldValidation"/>).</summary>
    private static (JsonObject Object, ApiResult? Refused, IReadOnlyList<string> Warnings) Decode(ResourceKind kind, JsonObject obj, RequestOptions options,
        Func<IReadOnlyList<string>, ApiResult> strict)
    {
        var unknown = FieldValidation.Unknown(obj, kind.Schema);
        if (unknown.Count == 0) return (obj, null, []);
        if (options.FieldValidation == "Strict") return (obj, strict(unknown), []);
        IReadOnlyList<string> warnings = options.FieldValidation == "Ignore" ? [] : unknown.Select(u => $"unknown field \"{u}\"").ToList();
        return (FieldValidation.WithoutUnknown(obj, kind.Schema), null, warnings);
    }

    public ApiResult Update(ResourcePath path, JsonNode? body, RequestOptions options)
    {
        if (body is not JsonObject incoming) return ApiErrors.BadRequest("the body of the request must be a JSON object");
        if (path.Subresource != "scale" && TypeMismatch(path.Kind, incoming) is { } mismatch) return mismatch;
        if (incoming.Name() != path.Name)
            return ApiErrors.BadRequest($"the name of the object ({incoming.Name()}) does not match the name on the URL ({path.Name})");
        if (path.Subresource == "scale") return WriteScale(path, _ => incoming, options);
        var (decoded, refused, warnings) = Decode(path.Kind, incoming, options, unknown => ApiErrors.BadRequest(FieldValidation.StrictMessage(unknown)));
        if (refused is not null) return refused;
        incoming = decoded;
        return store.Write(path.Kind, path.Namespace, path.Name!, current =>
        {
            if (current is null) return (new StoreWrite.None(), ApiErrors.NotFound(path.Kind, path.Name!));
            var expected = incoming.String("metadata", "resourceVersion");
            if (!string.IsNullOrEmpty(expected) && expected != current.String("metadata", "resourceVersion"))
                return (new StoreWrite.None(), ApiErrors.Conflict(path.Kind, path.Name!));
            return Store(path, ObjectLifecycle.ForUpdate(path.Kind, current, incoming, path.Subresource), options, 200);
        }, written => ApiResult.Ok(written)) with { Warnings = warnings };
    }

    public ApiResult Patch(ResourcePath path, string? contentType, string body, RequestOptions options)
    {
        var media = (contentType ?? "").Split(';')[0].Trim();
        var apply = media == "application/apply-patch+yaml";
        if (media is not ("application/json-patch+json" or "application/merge-patch+json" or "application/strategic-merge-patch+json") && !apply)
            return ApiErrors.UnsupportedMediaType(media);
        JsonNode? patch;
        try
        {
            patch = apply ? YamlDocument.Parse(body) : JsonNode.Parse(body);
        }
        catch (Exception e) when (e is JsonException or PatchError)
        {
            return ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }
        if (path.Subresource == "scale")
        {
            if (apply) return ApiErrors.UnsupportedMediaType(media);
            return WriteScale(path, scale => media switch
            {
                "application/json-patch+json" => JsonPatch.Apply(scale, patch),
                "application/merge-patch+json" => JsonMergePatch.Apply(scale, patch),
                _ => StrategicMergePatch.Apply(scale, patch, Kinds.Schema.Opaque()),
            }, options);
        }
        if (apply)
        {
            if (string.IsNullOrEmpty(options.FieldManager))
                return new ApiResult(422, ApiErrors.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch").Body);
            if (patch is not JsonObject applied) return ApiErrors.BadRequest("error decoding patch: the applied configuration must be an object");
            if (TypeMismatch(path.Kind, applied, required: true) is { } mismatch) return mismatch;
            if (applied.Name() != path.Name)
                return ApiErrors.BadRequest($"the name of the object ({applied.Name()}) does not match the name on the URL ({path.Name})");
            if (path.Namespace is not null && store.Get(catalog.Namespaces, null, path.Namespace) is null)
                return ApiErrors.NamespaceNotFound(path.Namespace);
            if (applied.At("metadata", "managedFields") is not null) return ApiErrors.BadRequest("metadata.managedFields must be nil");
            // Server-side apply types the applied configuration against the schema first: an unknown field is always refused.
            if (FieldValidation.Unknown(applied, path.Kind.Schema, applyStyle: true) is { Count: > 0 } unknownApplied)
                return ApiErrors.Unclassified(500, FieldValidation.ApplyMessage(unknownApplied, path.Namespace, path.Name!, path.Kind));
        }

        var created = false;
        IReadOnlyList<string> warnings = [];
        var result = store.Write(path.Kind, path.Namespace, path.Name!, current =>
        {
            try
            {
                if (current is null)
                {
                    if (!apply) return (new StoreWrite.None(), ApiErrors.NotFound(path.Kind, path.Name!));
                    created = true;
                    var fresh = lifecycle.ForCreate(path.Kind,
                        ServerSideApply.Apply(null, (JsonObject)patch!, path.Kind.Schema, options.FieldManager!, path.Kind.ApiVersion, lifecycle.Now()),
                        path.Namespace);
                    return Store(path, fresh, options, 201);
                }
                var patched = media switch
                {
                    "application/json-patch+json" => JsonPatch.Apply(current, patch) as JsonObject
                        ?? throw new PatchError("the patched document is not an object"),
                    "application/merge-patch+json" => JsonMergePatch.Apply(current, patch) as JsonObject
                        ?? throw new PatchError("the patched document is not an object"),
                    "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch, path.Kind.Schema),
                    _ => ServerSideApply.Apply(current, (JsonObject)patch!, path.Kind.Schema, options.FieldManager!, path.Kind.ApiVersion, lifecycle.Now()),
                };
                var expected = patch is JsonObject p ? p.String("metadata", "resourceVersion") : null;
                if (!string.IsNullOrEmpty(expected) && expected != current.String("metadata", "resourceVersion"))
                    return (new StoreWrite.None(), ApiErrors.Conflict(path.Kind, path.Name!));
                if (!apply)
                {
                    // What is stored has no unknown fields, so any in the result came with the patch.
                    var (decoded, refused, patchWarnings) = Decode(path.Kind, patched, options, unknown => media == "application/strategic-merge-patch+json"
                        ? ApiErrors.Invalid(path.Kind, path.Name!, new FieldError("patch", "FieldValueInvalid", FieldValidation.StrictMessage(unknown)))
                        : ApiErrors.BadRequest(FieldValidation.StrictMessage(unknown)));
                    if (refused is not null) return (new StoreWrite.None(), refused);
                    patched = decoded;
                    warnings = patchWarnings;
                }
                return Store(path, ObjectLifecycle.ForUpdate(path.Kind, current, patched, path.Subresource), options, 200);
            }
            catch (PatchError e)
            {
                return (new StoreWrite.None(), e.Invalid
                    ? new ApiResult(422, ApiErrors.BadRequest(e.Message).Body.AsObject().Also(b => { b["reason"] = "Invalid"; b["code"] = 422; }))
                    : ApiErrors.BadRequest(e.Message));
            }
        }, written => new ApiResult(created ? 201 : 200, written));
        // The service account controller gives every namespace its default account, however the namespace was made.
        if (created && result.IsSuccess && !options.DryRun && path.Kind == catalog.Namespaces) CreateDefaultServiceAccount(path.Name!);
        return result with { Warnings = warnings };
    }

    public ApiResult Delete(ResourcePath path, RequestOptions options, JsonNode? body)
    {
        var policy = options.PropagationPolicy ?? body.String("propagationPolicy");
        var dryRun = options.DryRun || (body?["dryRun"] as JsonArray)?.Any(d => d?.ToString() == "All") == true;
        var precondition = body.String("preconditions", "resourceVersion");
        var uidPrecondition = body.String("preconditions", "uid");
        JsonObject? deleted = null;
        var result = store.Write(path.Kind, path.Namespace, path.Name!, current =>
        {
            if (current is null) return (new StoreWrite.None(), ApiErrors.NotFound(path.Kind, path.Name!));
            if ((precondition is not null && precondition != current.String("metadata", "resourceVersion"))
                || (uidPrecondition is not null && uidPrecondition != current.String("metadata", "uid")))
                return (new StoreWrite.None(), ApiErrors.Conflict(path.Kind, path.Name!));
            deleted = current;
            if (path.Kind == catalog.Namespaces)
            {
                current.Meta()["deletionTimestamp"] = lifecycle.Now();
                current["status"] = new JsonObject { ["phase"] = "Terminating" };
            }
            return (dryRun ? new StoreWrite.None() : new StoreWrite.Remove(), ApiResult.Ok(current));
        });
        if (deleted is null || dryRun) return result;
        if (path.Kind == catalog.Namespaces)
            foreach (var kind in catalog.Kinds.Where(k => k.Namespaced))
                foreach (var o in store.List(kind, path.Name).Items)
                    store.Write(kind, path.Name, o.Name(), _ => ((StoreWrite)new StoreWrite.Remove(), 0));
        else CollectDependents(deleted, policy == "Orphan");
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
        var uid = owner.String("metadata", "uid");
        foreach (var kind in catalog.Kinds.Where(k => k.Namespaced))
            foreach (var dependent in store.List(kind, owner.Namespace()).Items)
            {
                if (dependent.At("metadata", "ownerReferences") is not JsonArray refs
                    || !refs.Any(r => r.String("uid") == uid)) continue;
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

    private (StoreWrite, ApiResult) Store(ResourcePath path, JsonObject obj, RequestOptions options, int code)
    {
        if (Validation.Check(path.Kind, obj) is { Count: > 0 } errors)
            return (new StoreWrite.None(), ApiErrors.Invalid(path.Kind, obj.Name(), [.. errors]));
        return (options.DryRun ? new StoreWrite.None() : new StoreWrite.Put(obj), new ApiResult(code, obj));
    }

    private void CreateDefaultServiceAccount(string ns) =>
        Create(new ResourcePath(catalog.ServiceAccounts, ns, null, null),
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, new RequestOptions());

    private static ApiResult? TypeMismatch(ResourceKind kind, JsonObject obj, bool required = false)
    {
        var apiVersion = obj.String("apiVersion");
        var objKind = obj.String("kind");
        if (required && (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(objKind)))
            return ApiErrors.BadRequest("Object 'Kind' is missing in the applied configuration");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != kind.ApiVersion)
            return ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({kind.ApiVersion})");
        if (!string.IsNullOrEmpty(objKind) && objKind != kind.Kind)
            return ApiErrors.BadRequest($"the kind in the data ({objKind}) does not match the expected kind ({kind.Kind})");
        return null;
    }

    private static JsonObject WithoutTypeMeta(JsonObject o)
    {
        o.Remove("apiVersion");
        o.Remove("kind");
        return o;
    }

    private static string Key(JsonObject o) => (o.Namespace() ?? "") + "\0" + o.Name();

    private static string? ContinueKey(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
