using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Patching;
using Pipelines.Sandbox.Kube.Selectors;
using Pipelines.Sandbox.Kube.Tables;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>The HTTP edge: routes of discovery and resources, translated to and from <see cref="ResourceOperations"/>.</summary>
internal sealed class ApiEndpoints(KindCatalog catalog, ResourceOperations operations, WatchStreamer watches, TimeProvider clock)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/version", () => Json(Discovery.Version()));
        app.MapGet("/api", (HttpContext c) => Json(Discovery.CoreVersions(c.Request.Host.Value ?? "127.0.0.1")));
        app.MapGet("/apis", () => Json(Discovery.Groups(catalog).Also(g => ((JsonArray)g["groups"]!).Add(Auth.AccessReviewEndpoints.Group()))));
        app.MapGet("/api/{version}", (string version) => JsonOrNotFound(Discovery.Resources(catalog, "", version)));
        app.MapGet("/apis/{group}", (string group) => JsonOrNotFound(Discovery.Group(catalog, group)));
        app.MapGet("/apis/{group}/{version}", (string group, string version) => JsonOrNotFound(Discovery.Resources(catalog, group, version)));
        string[] verbs = ["GET", "POST", "PUT", "PATCH", "DELETE"];
        app.MapMethods("/api/{version}/{**rest}", verbs, Resource);
        app.MapMethods("/apis/{group}/{version}/{**rest}", verbs, Resource);
    }

    private static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(HttpResults.Json), "application/json");

    private static IResult JsonOrNotFound(JsonNode? body) =>
        body is null ? new ApiResultHttp(ApiErrors.UnknownResource()) : Json(body);

    private async Task Resource(HttpContext context)
    {
        try
        {
            await Serve(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            await HttpResults.Write(context, ApiErrors.Internal(e.ToString()));
        }
    }

    private async Task Serve(HttpContext context)
    {
        var request = context.Request;
        var path = ResourcePath.Parse(catalog, request.Path.Value ?? "");
        if (path is null)
        {
            await HttpResults.Write(context, NotEmulated(request.Path.Value ?? "") ?? ApiErrors.UnknownResource());
            return;
        }
        var options = RequestOptions.From(name => request.Query.TryGetValue(name, out var v) ? v.ToString() : null) with { UserAgent = request.Headers.UserAgent.ToString() };
        var bytes = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? await ReadBytes(request, context.RequestAborted) : [];
        var contentType = request.ContentType;
        var body = "";
        if (contentType is { } sent && sent.StartsWith(Protobuf.KubeProtobuf.MediaType, StringComparison.OrdinalIgnoreCase) && request.Method is "POST" or "PUT" or "DELETE")
        {
            // kubectl 1.32 and later send the objects of `kubectl create …` as protobuf and do not fall back to JSON.
            try
            {
                body = Protobuf.KubeProtobuf.Decode(bytes).ToJsonString();
                contentType = "application/json";
            }
            catch (FormatException e)
            {
                await HttpResults.Write(context, ApiErrors.BadRequest($"the body of the request could not be decoded from protobuf: {e.Message}"));
                return;
            }
        }
        else if (contentType is { } other && (other.Contains("protobuf", StringComparison.OrdinalIgnoreCase) || other.Contains("cbor", StringComparison.OrdinalIgnoreCase)))
        {
            await HttpResults.Write(context, ApiErrors.UnsupportedMediaType(other.Split(';')[0].Trim()));
            return;
        }
        else body = System.Text.Encoding.UTF8.GetString(bytes);

        var isCollection = path.Name is null;
        ApiResult result;
        switch (request.Method)
        {
            case "GET" when isCollection && options.Watch:
                await Watch(context, path, options);
                return;
            case "GET":
                result = isCollection ? operations.List(path, options) : operations.Get(path);
                if (result.IsSuccess && TableRenderer.IsRequested(request.Headers.Accept.ToString()))
                    result = result with { Body = TableRenderer.Render(path.Kind, result.Body, clock.GetUtcNow(), request.Query["includeObject"].ToString()) };
                break;
            case "POST" when isCollection:
                if (!TryParse(body, contentType, out var created, out result)) break;
                result = operations.Create(path, created, options);
                break;
            case "PUT" when !isCollection:
                if (!TryParse(body, contentType, out var replaced, out result)) break;
                result = operations.Update(path, replaced, options);
                break;
            case "PATCH" when !isCollection:
                result = operations.Patch(path, request.ContentType, body, options);
                break;
            case "DELETE":
                JsonNode? deleteOptions = null;
                if (body.Length > 0 && !TryParse(body, contentType, out deleteOptions, out result)) break;
                result = isCollection
                    ? operations.DeleteCollection(path, options, deleteOptions)
                    : operations.Delete(path, options, deleteOptions);
                break;
            default:
                result = ApiErrors.MethodNotAllowed($"the server does not allow this method on the requested resource");
                break;
        }
        await HttpResults.Write(context, result);
    }

    private async Task Watch(HttpContext context, ResourcePath path, RequestOptions options)
    {
        var (labels, labelError) = LabelSelector.Parse(options.LabelSelector);
        var (fields, fieldError) = FieldSelector.Parse(options.FieldSelector, path.Kind);
        if ((labelError ?? fieldError) is { } error)
        {
            await HttpResults.Write(context, ApiErrors.BadRequest(error));
            return;
        }
        await watches.Serve(context, new WatchFilter(path.Kind, path.Namespace, labels!, fields!), options);
    }

    /// <summary>
    /// A pod's log, exec, attach, port-forward… subresources: the emulator runs no containers, and says so, rather than
    /// answering 404 as if the pod were missing (it answers that only when the pod is).
    /// </summary>
    private ApiResult? NotEmulated(string rawPath)
    {
        var parts = rawPath.Trim('/').Split('/');
        if (parts is not ["api", "v1", "namespaces", var ns, "pods", var name, var subresource]
            || subresource is not ("log" or "exec" or "attach" or "portforward" or "proxy" or "eviction" or "ephemeralcontainers" or "binding" or "resize")) return null;
        var pods = catalog.Pods;
        if (operations.Get(new ResourcePath(pods, ns, name, null)) is { IsSuccess: false } missing) return missing;
        return ApiErrors.NotEmulated($"pods/{subresource}",
            $"the Kubernetes API emulator runs no containers, so pod \"{name}\" in namespace \"{ns}\" has no {subresource switch { "log" => "logs", "exec" => "processes to exec into", _ => subresource }} to serve");
    }

    private static async Task<byte[]> ReadBytes(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static bool TryParse(string body, string? contentType, out JsonNode? node, out ApiResult error)
    {
        error = ApiErrors.BadRequest("the body of the request is empty");
        node = null;
        try
        {
            node = (contentType ?? "").Contains("yaml", StringComparison.OrdinalIgnoreCase)
                ? YamlDocument.Parse(body)
                : JsonNode.Parse(body);
            return node is not null;
        }
        catch (Exception e) when (e is JsonException or PatchError)
        {
            error = ApiErrors.BadRequest($"the body of the request could not be decoded: {e.Message}");
            return false;
        }
    }

    private sealed class ApiResultHttp(ApiResult result) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => HttpResults.Write(httpContext, result);
    }
}
