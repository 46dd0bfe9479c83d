using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>/healthz, /livez and /readyz as the API server answers them: <c>ok</c>, or with <c>?verbose</c> one line per check.</summary>
internal sealed class HealthEndpoints
{
    private static readonly string[] Checks = ["ping", "log", "etcd", "poststarthook/start-apiextensions-controllers", "poststarthook/crd-informer-synced"];

    public void Map(IEndpointRouteBuilder app)
    {
        foreach (var endpoint in new[] { "healthz", "livez", "readyz" })
        {
            app.MapGet("/" + endpoint, (HttpContext c) => Answer(c, endpoint));
            app.MapGet($"/{endpoint}/{{check}}", (HttpContext c, string check) => Checks.Contains(check) || check == "ping"
                ? Text(c, 200, "ok")
                : Text(c, 404, "404 page not found\n"));
        }
    }

    private static Task Answer(HttpContext context, string endpoint)
    {
        if (!context.Request.Query.ContainsKey("verbose")) return Text(context, 200, "ok");
        var lines = Checks.Select(c => $"[+]{c} ok").Append($"{endpoint} check passed");
        return Text(context, 200, string.Join("\n", lines) + "\n");
    }

    private static async Task Text(HttpContext context, int code, string text)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
