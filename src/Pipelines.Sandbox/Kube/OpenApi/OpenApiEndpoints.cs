using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.OpenApi;

/// <summary>
/// /openapi/v2 (JSON, or the protobuf encoding for clients that ask for it) and /openapi/v3 with its per-group-version
/// documents.
/// </summary>
internal sealed class OpenApiEndpoints(KindCatalog catalog)
{
    private readonly OpenApiDocuments documents = new(catalog);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi/v2", async (HttpContext c) =>
        {
            var accept = c.Request.Headers.Accept.ToString();
            if (accept.Contains("proto-openapi.spec.v2", StringComparison.OrdinalIgnoreCase) && accept.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
            {
                // kubectl 1.27 and 1.28 ask for the protobuf encoding only.
                var bytes = OpenApiV2Protobuf.Encode(documents.V2());
                c.Response.StatusCode = 200;
                c.Response.ContentType = OpenApiV2Protobuf.ResponseMediaType;
                await c.Response.Body.WriteAsync(bytes, c.RequestAborted);
                return;
            }
            if (accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
            {
                await HttpResults.Write(c, new ApiResult(406, ApiErrors.BadRequest("only application/json and the OpenAPI v2 protobuf encoding are served").Body.AsObject()
                    .Also(b => { b["reason"] = "NotAcceptable"; b["code"] = 406; })));
                return;
            }
            await HttpResults.Write(c, 200, documents.V2());
        });
        app.MapGet("/openapi/v3", (HttpContext c) => HttpResults.Write(c, 200, documents.V3Root()));
        app.MapGet("/openapi/v3/api/{version}", (HttpContext c, string version) => Write(c, documents.V3("", version)));
        app.MapGet("/openapi/v3/apis/{group}/{version}", (HttpContext c, string group, string version) => Write(c, documents.V3(group, version)));
    }

    private static Task Write(HttpContext c, System.Text.Json.Nodes.JsonObject? document) =>
        document is null ? HttpResults.Write(c, ApiErrors.UnknownResource()) : HttpResults.Write(c, 200, document);
}
