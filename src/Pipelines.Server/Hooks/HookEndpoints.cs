using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Server.Automation;
using Pipelines.Targets;

namespace Pipelines.Server.Hooks;

/// <summary>
/// <c>POST /hooks/registry</c>: the distribution registry's push notifications (its <c>notifications: endpoints:</c> with the
/// shared secret in <c>headers: Authorization</c>) start an automation cycle at once instead of at the next poll.
/// <c>POST /hooks/image</c>: the same for any other sender (a CI job, another registry), any JSON body.
/// Both answer quickly (the registry retries on errors and blocks its queue meanwhile); the cycle runs in the background.
/// </summary>
internal static class HookEndpoints
{
    public static void Map(IEndpointRouteBuilder app, string? secret, AutomationLoop automation, Log log)
    {
        app.MapPost("/hooks/registry", async context =>
        {
            if (!Authorized(context, secret)) return;
            using var reader = new StreamReader(context.Request.Body);
            IReadOnlyList<PushedTag> pushes;
            try
            {
                pushes = RegistryNotification.Pushes(await reader.ReadToEndAsync(context.RequestAborted));
            }
            catch (JsonException e)
            {
                await Results.Json(new { error = $"Not a registry notification envelope: {e.Message}" }, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }
            if (pushes.Count > 0) automation.Trigger($"registry pushed {string.Join(", ", pushes.Take(3).Select(p => $"{p.Repository}:{p.Tag}"))}{(pushes.Count > 3 ? " …" : "")}");
            else log.Debug("Registry notification without tag pushes; nothing to look at.");
            await Results.Json(new { pushes = pushes.Count }).ExecuteAsync(context);
        });

        app.MapPost("/hooks/image", async context =>
        {
            if (!Authorized(context, secret)) return;
            automation.Trigger("a webhook announced a new image");
            await Results.Json(new { triggered = true }).ExecuteAsync(context);
        });
    }

    private static bool Authorized(HttpContext context, string? secret)
    {
        if (secret is not null && RegistryNotification.Authorized(context.Request.Headers.Authorization.ToString(), secret)) return true;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return false;
    }
}
