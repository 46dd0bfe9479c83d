using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Auth;

/// <summary>
/// SelfSubjectAccessReview (authorization.k8s.io/v1, what <c>kubectl auth can-i</c> asks): create one, get it back with
/// status.allowed decided by the same RBAC evaluation as real requests (always allowed while authorization is off).
/// </summary>
internal sealed class AccessReviewEndpoints(EmulatorOptions options, RbacAuthorizer rbac)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/apis/authorization.k8s.io", () => Results.Text(Group().ToJsonString(), "application/json"));
        app.MapGet("/apis/authorization.k8s.io/v1", () => Results.Text(Resources().ToJsonString(), "application/json"));
        app.MapPost("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", Review);
    }

    public static JsonObject Group() => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = "authorization.k8s.io",
        ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "authorization.k8s.io/v1", ["version"] = "v1" }),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = "authorization.k8s.io/v1", ["version"] = "v1" },
    };

    private static JsonObject Resources() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = "authorization.k8s.io/v1",
        ["resources"] = new JsonArray(new JsonObject
        {
            ["name"] = "selfsubjectaccessreviews",
            ["singularName"] = "selfsubjectaccessreview",
            ["namespaced"] = false,
            ["kind"] = "SelfSubjectAccessReview",
            ["verbs"] = new JsonArray("create"),
        }),
    };

    private async Task Review(HttpContext context)
    {
        JsonObject? review;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            // kubectl 1.32 and later send the review as protobuf.
            review = context.Request.ContentType?.StartsWith(Protobuf.KubeProtobuf.MediaType, StringComparison.OrdinalIgnoreCase) == true
                ? Protobuf.KubeProtobuf.Decode(buffer.ToArray())
                : JsonNode.Parse(buffer.ToArray()) as JsonObject;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            await HttpResults.Write(context, ApiErrors.BadRequest($"the body of the request could not be decoded: {e.Message}"));
            return;
        }
        var spec = review?["spec"] as JsonObject;
        RequestAttributes attributes;
        if (spec?["resourceAttributes"] is JsonObject r)
        {
            var resource = r.String("resource");
            if (string.IsNullOrEmpty(resource))
            {
                await HttpResults.Write(context, ApiErrors.BadRequest("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes.resource: Required value"));
                return;
            }
            attributes = new RequestAttributes(r.String("verb") ?? "", r.String("group") ?? "", resource, NullIfEmpty(r.String("subresource")),
                NullIfEmpty(r.String("namespace")), NullIfEmpty(r.String("name")), null);
        }
        else if (spec?["nonResourceAttributes"] is JsonObject n)
            attributes = new RequestAttributes(n.String("verb") ?? "", null, null, null, null, null, n.String("path") ?? "/");
        else
        {
            await HttpResults.Write(context, ApiErrors.BadRequest("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"));
            return;
        }
        var user = AccessControl.UserOf(context);
        var allowed = !options.Authorization || rbac.Allows(user, attributes);
        var result = (JsonObject)review!.DeepClone();
        result["apiVersion"] = "authorization.k8s.io/v1";
        result["kind"] = "SelfSubjectAccessReview";
        result["metadata"] = new JsonObject { ["creationTimestamp"] = null };
        var status = new JsonObject { ["allowed"] = allowed };
        if (allowed) status["reason"] = options.Authorization ? "allowed by RBAC" : "authorization is off in the emulator";
        result["status"] = status;
        await HttpResults.Write(context, 201, result);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
