using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Diagnostics;
using Pipelines.Server.Automation;

namespace Pipelines.Server.Hooks;

/// <summary>
/// Registry push hooks: each starts an automation cycle at once instead of at the next poll, and answers quickly (registries
/// retry on errors and block their queue meanwhile); the cycle runs in the background. One path per registry, each
/// authenticated the way that registry can (<see cref="HookSecret"/>):
/// <list type="table">
/// <item><c>POST /hooks/registry</c>, <c>/hooks/gitlab</c>: the distribution registry's envelope (CNCF, GitLab's container registry), <c>Authorization</c></item>
/// <item><c>POST /hooks/harbor</c>: Harbor, its auth header as <c>Authorization</c></item>
/// <item><c>POST /hooks/acr[/&lt;secret&gt;]</c>: Azure Container Registry, a custom <c>Authorization</c> header or the secret in the URL</item>
/// <item><c>POST /hooks/dockerhub/&lt;secret&gt;</c>, <c>/hooks/quay/&lt;secret&gt;</c>: the secret in the URL (or <c>?secret=</c>)</item>
/// <item><c>POST /hooks/github</c>: GitHub's package events, signed (<c>X-Hub-Signature-256</c>)</item>
/// <item><c>POST /hooks/image[/&lt;secret&gt;]</c>: any sender; a body of a known shape is read as that registry's, any other body still starts a cycle</item>
/// </list>
/// </summary>
internal static class HookEndpoints
{
    public static void Map(IEndpointRouteBuilder app, string? secret, AutomationLoop automation, ILog log)
    {
        app.MapPost("/hooks/registry", context => Handle(context, RegistryService.Distribution, secret, automation, log));
        app.MapPost("/hooks/gitlab", context => Handle(context, RegistryService.Distribution, secret, automation, log));
        app.MapPost("/hooks/harbor", context => Handle(context, RegistryService.Harbor, secret, automation, log));
        app.MapPost("/hooks/acr/{secret?}", context => Handle(context, RegistryService.Azure, secret, automation, log));
        app.MapPost("/hooks/dockerhub/{secret?}", context => Handle(context, RegistryService.DockerHub, secret, automation, log));
        app.MapPost("/hooks/quay/{secret?}", context => Handle(context, RegistryService.Quay, secret, automation, log));
        app.MapPost("/hooks/github", context => Handle(context, RegistryService.GitHub, secret, automation, log));
        app.MapPost("/hooks/image/{secret?}", context => Handle(context, null, secret, automation, log));
    }

    private static async Task Handle(HttpContext context, RegistryService? service, string? secret, AutomationLoop automation, ILog log)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        var gitHubEvent = context.Request.Headers["X-GitHub-Event"].ToString() is { Length: > 0 } named ? named : null;
        if (!Authorized(context, service, secret, bytes))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (service == RegistryService.GitHub && gitHubEvent == "ping")
        {
            await Results.Json(new { pong = true }).ExecuteAsync(context);
            return;
        }
        var body = Encoding.UTF8.GetString(bytes);
        var reading = service ?? PushBody.Detect(body, gitHubEvent);
        if (reading is null)
        {
            // Any other sender (a CI job after PushImage): the body says nothing Watch reads; a cycle looks at every repository.
            automation.Trigger("a webhook announced a new image");
            await Results.Json(new { triggered = true }).ExecuteAsync(context);
            return;
        }
        IReadOnlyList<PushedTag> pushes;
        try
        {
            pushes = PushBody.Read(reading.Value, body, gitHubEvent);
        }
        catch (JsonException e)
        {
            await Results.Json(new { error = $"Not a {Describe(reading.Value)} push: {e.Message}" }, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }
        if (pushes.Count > 0) automation.Trigger($"{Describe(reading.Value)} pushed {string.Join(", ", pushes.Take(3).Select(p => $"{p.Repository}:{p.Tag}"))}{(pushes.Count > 3 ? " …" : "")}");
        else log.Debug($"{Describe(reading.Value)} notification without tag pushes; nothing to look at.");
        await Results.Json(new { pushes = pushes.Count }).ExecuteAsync(context);
    }

    private static bool Authorized(HttpContext context, RegistryService? service, string? secret, byte[] body)
    {
        if (secret is null) return false;
        if (service == RegistryService.GitHub) return GitHubPackagePush.Signed(body, context.Request.Headers["X-Hub-Signature-256"].ToString(), secret);
        return HookSecret.Carried(context.Request.Headers.Authorization.ToString(), context.Request.RouteValues["secret"] as string,
            context.Request.Query["secret"].ToString() is { Length: > 0 } q ? q : null, secret);
    }

    private static string Describe(RegistryService service) => service switch
    {
        RegistryService.Distribution => "registry",
        RegistryService.DockerHub => "Docker Hub",
        RegistryService.GitHub => "GitHub",
        RegistryService.Azure => "Azure Container Registry",
        _ => service.ToString(),
    };
}
