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
public sealed partial class ResourceOperations(ObjectStore store, KindCatalog catalog, ObjectLifecycle lifecycle)
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
            var (write, result) = Store(path with { Subresource = null }, Owned(path with { Subresource = null }, current, ObjectLifecycle.ForUpdate(path.Kind, current, scaled, null), options), options, 200, current);
            return (write, result.IsSuccess ? ApiResult.Ok(ScaleSubresource.From((JsonObject)result.Body)) : result);
        }, written => ApiResult.Ok(ScaleSubresource.From(written)));

    public ApiResult List(ResourcePath path, RequestOptions options)
    {
        var (labels, labelError) = LabelSelector.Parse(options.LabelSelector);
        if (labelError is not null) return ApiErrors.BadRequest(labelError);
        var (fields, fieldError) = FieldSelector.Parse(options.FieldSelector, path.Kind);
        if (fieldError is not null) return ApiErrors.BadRequest(fieldError);

        var (all, revision) = store.List(path.Kind, path.Namespace, o => labels!.Matches(o) && fields!.Matches(o), labels!.RequiredLabels);
        var matching = all.ToList();
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
        if (path.Namespace is not null)
        {
            if (store.Get(catalog.Namespaces, null, path.Namespace) is not { } owningNamespace) return ApiErrors.NamespaceNotFound(path.Namespace);
            if (owningNamespace.String("metadata", "deletionTimestamp") is not null) return ApiErrors.NamespaceTerminating(path.Kind, incoming.Name(), path.Namespace);
        }

        var (decoded, refused, warnings) = Decode(path.Kind, incoming, options, unknown => ApiErrors.BadRequest(FieldValidation.StrictMessage(unknown)));
        if (refused is not null) return refused;
        var obj = lifecycle.ForCreate(path.Kind, decoded, path.Namespace);
        if (Manager(options) is { } creator) FieldOwnership.RecordUpdate(null, obj, path.Kind.Schema, creator, path.Kind.ApiVersion, lifecycle.Now());
        if (obj.Name().Length == 0 && incoming.String("metadata", "generateName") is null)
            return ApiErrors.Invalid(path.Kind, "", FieldError.Required("metadata.name"));
        if (ValueValidation.UndecodableQuantity(path.Kind, obj) is { } undecodable) return ApiErrors.BadRequest(undecodable);
        if (Validation.Check(path.Kind, obj) is { Count: > 0 } errors) return ApiErrors.Invalid(path.Kind, obj.Name(), [.. errors]);
        // The namespace's pods are counted only where a quota asks: listing them for every pod made creating N pods quadratic.
        if (path.Kind == catalog.Pods && store.List(catalog.ResourceQuotas, path.Namespace).Items is { Count: > 0 } quotas
            && QuotaUsage.Refusal(obj, quotas, store.List(catalog.Pods, path.Namespace).Items) is { } overQuota)
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
            return Store(path, Owned(path, current, ObjectLifecycle.ForUpdate(path.Kind, current, incoming, path.Subresource), options), options, 200, current);
        }, written => ApiResult.Ok(written)) with { Warnings = warnings };
    }

    /// <summary>The manager of a client's write; null for the emulator's own controllers, whose writes own nothing here.</summary>
    private static string? Manager(RequestOptions options) => FieldOwnership.Manager(options.FieldManager, options.UserAgent);

    /// <summary>An update's object with managedFields brought up to date for its writer (status writes are left as they are).</summary>
    private JsonObject Owned(ResourcePath path, JsonObject current, JsonObject updated, RequestOptions options)
    {
        if (path.Subresource == "status" || Manager(options) is not { } manager) return updated;
        FieldOwnership.RecordUpdate(current, updated, path.Kind.Schema, manager, path.Kind.ApiVersion, lifecycle.Now());
        return updated;
    }

    private (StoreWrite, ApiResult) Store(ResourcePath path, JsonObject obj, RequestOptions options, int code, JsonObject? current = null)
    {
        if (path.Subresource != "status" && ValueValidation.UndecodableQuantity(path.Kind, obj) is { } undecodable)
            return (new StoreWrite.None(), ApiErrors.BadRequest(undecodable));
        if (Validation.Check(path.Kind, obj) is { Count: > 0 } errors)
            return (new StoreWrite.None(), ApiErrors.Invalid(path.Kind, obj.Name(), [.. errors]));
        if (current is not null && path.Subresource != "status" && Immutability.Check(path.Kind, current, obj) is { Count: > 0 } immutable)
            return (new StoreWrite.None(), ApiErrors.Invalid(path.Kind, obj.Name(), [.. immutable]));
        // An object being deleted goes once its last finalizer is removed (pods wait for their kubelet, namespaces for their content).
        if (obj.String("metadata", "deletionTimestamp") is not null && obj.At("metadata", "finalizers") is not JsonArray { Count: > 0 }
            && path.Kind != catalog.Pods && path.Kind != catalog.Namespaces)
            return (options.DryRun ? new StoreWrite.None() : new StoreWrite.Remove(), new ApiResult(code, obj));
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
