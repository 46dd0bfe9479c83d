using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.ReleaseManager;
using Pipelines.Server.Sync;

namespace Pipelines.Server.Api;

/// <summary><c>GET /api/environments/{env}/drift</c> (viewer of the environment): what the last interval sync found and corrected there.</summary>
internal static class DriftEndpoint
{
    public static void Map(IEndpointRouteBuilder app, ApiTokens tokens, Health.KnownState reads, DriftRecords records, Access.EnvironmentAccess access) =>
        app.MapGet("/api/environments/{env}/drift", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var env = (string)context.Request.RouteValues["env"]!;
            var environments = (await reads.EnvironmentsAsync(context.RequestAborted)).Value;
            if (environments.All(e => e.Name != env))
            {
                return ApiErrors.Problem(StatusCodes.Status404NotFound, $"No environment '{env}'; environments: {string.Join(", ", environments.Select(e => e.Name))}.");
            }
            return await ApiAccess.RefusedAsync(access, caller, env, Config.AccessRole.Viewer, "reading its drift", context.RequestAborted)
                ?? Results.Json(records.Json(env));
        }));
}
