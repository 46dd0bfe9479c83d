using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Patching;
using Pipelines.Sandbox.Kube.Selectors;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>Patches: JSON merge, strategic merge, JSON patch and server-side apply, as the API server reads each.</summary>
public sealed partial class ResourceOperations
{
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
                    _ => ServerSideApply.Apply(current, (JsonObject)patch!, path.Kind.Schema, options.FieldManager!, path.Kind.ApiVersion, lifecycle.Now(), options.Force),
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
                var next = ObjectLifecycle.ForUpdate(path.Kind, current, patched, path.Subresource);
                return Store(path, apply ? next : Owned(path, current, next, options), options, 200, current);
            }
            catch (ApplyConflict conflict)
            {
                return (new StoreWrite.None(), ApiErrors.ApplyConflict(path.Kind, path.Name!, conflict));
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
}
