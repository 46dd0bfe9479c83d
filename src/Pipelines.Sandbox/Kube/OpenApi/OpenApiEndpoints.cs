using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.OpenApi;

/// <summary>
/// /openapi/v2 (JSON only: a client that accepts nothing but protobuf gets 406) and /openapi/v3 with
/// its per-group-version documents.
/// </summary>
internal sealed class OpenApiEndpoints(KindCatalog catalog)
{
    private readonly OpenApiDocuments documents = new(catalog);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi/v2", (HttpContext c) =>
        {
            var accept = c.Request.Headers.Accept.ToString();
            if (accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
                return HttpResults.Write(c, new ApiResult(406, ApiErrors.BadRequest("only application/json is served").Body.AsObject()
                    .Also(b => { b["reason"] = "NotAcceptable"; b["code"] = 406; })));
            return HttpResults.Write(c, 200, documents.V2());
        });
        app.MapGet("/openapi/v3", (HttpContext c) => HttpResults.Write(c, 200, documents.V3Root()));
        app.MapGet("/openapi/v3/api/{version}", (HttpContext c, string version) => Write(c, documents.V3("", version)));
        app.MapGet("/openapi/v3/apis/{group}/{version}", (HttpContext c, string group, string version) => Write(c, documents.V3(group, version)));
    }

    private static Task Write(HttpContext c, System.Text.Json.Nodes.JsonObject? document) =>
        document is null ? HttpResults.Write(c, ApiErrors.UnknownResource()) : HttpResults.Write(c, 200, document);
}
