using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.ReleaseManager;
using Pipelines.Server.Sync;

namespace Pipelines.Server.Api;

/// <summary><c>GET /api/environments/{env}/drift</c> (read token): what the last interval sync found and corrected there.</summary>
internal static class DriftEndpoint
{
    public static void Map(IEndpointRouteBuilder app, ApiTokens tokens, Health.KnownState reads, DriftRecords records) =>
        app.MapGet("/api/environments/{env}/drift", ApiAccess.Require(tokens, ApiRole.Read, async (context, _) =>
        {
            var env = (string)context.Request.RouteValues["env"]!;
            var environments = (await reads.EnvironmentsAsync(context.RequestAborted)).Value;
            return environments.Any(e => e.Name == env)
                ? Results.Json(records.Json(env))
                : ApiErrors.Problem(StatusCodes.Status404NotFound, $"No environment '{env}'; environments: {string.Join(", ", environments.Select(e => e.Name))}.");
        }));
}
