using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Config;
using Pipelines.Server.Access;
using Pipelines.Server.Automation;
using Pipelines.Server.Health;

namespace Pipelines.Server.Api;

/// <summary>
/// The JSON API: environments, services, history, and the writes — release, rollback, lock, unlock, automate,
/// deautomate, promote — each one call of <see cref="ReleaseOperations"/> answered with the same report
/// <c>--output json</c> prints. Every write records the caller (the token's name) as the commit's cause. Reading an environment
/// needs its viewer role, a write the role <see cref="AccessDecision.Needed"/> names there; the environments and history
/// list only those the caller may view. Reads answer
/// within a budget, from the last state known when git or the registry does not answer (<see cref="KnownState"/>): such an
/// answer carries <c>Age</c> and <c>Warning: 110</c> headers, and <c>Pipelines-Stale</c> saying why.
/// </summary>
internal static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiTokens tokens, SerializedOperations operations, KnownState reads, EnvironmentAccess access)
    {
        app.MapGet("/api/environments", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var environments = Stale.Mark(context, await reads.EnvironmentsAsync(context.RequestAborted));
            var rules = await access.RulesAsync(context.RequestAborted);
            var visible = environments.Where(e => AccessDecision.RoleOf(caller, e.Name, rules) is not null).ToList();
            return Results.Json(ServiceJson.Environments(visible));
        }));

        app.MapGet("/api/environments/{env}/services", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var env = Route(context, "env");
            if (await UnknownEnvironmentAsync(reads, env, context.RequestAborted) is { } missing) return missing;
            if (await ApiAccess.RefusedAsync(access, caller, env, AccessRole.Viewer, "reading it", context.RequestAborted) is { } refused) return refused;
            var status = await reads.StatusAsync(env, context.RequestAborted);
            return Results.Json(ServiceJson.Services(Stale.Mark(context, status), status.Stale is null ? [] : [Stale.Problem(status)]));
        }));

        app.MapGet("/api/environments/{env}/services/{namespace}/{name}", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var (env, service) = (Route(context, "env"), $"{Route(context, "namespace")}/{Route(context, "name")}");
            if (await UnknownServiceAsync(reads, env, service, context.RequestAborted) is { } missing) return missing;
            if (await ApiAccess.RefusedAsync(access, caller, env, AccessRole.Viewer, "reading it", context.RequestAborted) is { } refused) return refused;
            var known = await reads.StatusAsync(env, context.RequestAborted);
            var status = Stale.Mark(context, known);
            var found = status.Services.First(s => WorkloadName.Matches(s.Workload.Id, service));
            return Results.Json(ServiceJson.Service(found, status.Problems.Append(known.Stale is null ? null : Stale.Problem(known)).OfType<string>().ToList()));
        }));

        app.MapPost("/api/environments/{env}/services/{namespace}/{name}/{operation}", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var (env, service, operation) = (Route(context, "env"), $"{Route(context, "namespace")}/{Route(context, "name")}", Route(context, "operation"));
            var body = await BodyAsync(context);
            if (body is null) return ApiErrors.Problem(StatusCodes.Status400BadRequest, "The body is not a JSON object.");
            var write = new ServiceWrite(Text(body, "image"), Text(body, "container"), Flag(body, "force"), Text(body, "to"));
            if (ServiceOperations.Find(operation, Options(env, caller, body), service, write) is not { } found)
            {
                return ApiErrors.Problem(StatusCodes.Status404NotFound, $"No operation '{operation}'; operations: {ServiceOperations.Names}.");
            }
            if (await UnknownServiceAsync(reads, env, service, context.RequestAborted) is { } missing) return missing;
            if (await ApiAccess.RefusedAsync(access, caller, env, AccessDecision.Needed(operation, write.Force), $"{operation} of {service}", context.RequestAborted) is { } refused) return refused;
            return Report(await operations.RunAsync(found.Action, found.Run, context.RequestAborted));
        }));

        app.MapPost("/api/environments/{env}/promote", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var env = Route(context, "env");
            var body = await BodyAsync(context);
            if (body is null) return ApiErrors.Problem(StatusCodes.Status400BadRequest, "The body is not a JSON object.");
            if (await UnknownEnvironmentAsync(reads, env, context.RequestAborted) is { } missing) return missing;
            if (await ApiAccess.RefusedAsync(access, caller, env, AccessDecision.Needed("promote", Flag(body, "force")), "promote", context.RequestAborted) is { } refused) return refused;
            var services = body["services"] is JsonArray list ? list.Select(s => s?.GetValue<string>() ?? "").ToList() : [];
            return Report(await operations.RunAsync(ReleaseAction.Promote,
                (o, ct) => o.PromoteAsync(Options(env, caller, body), Text(body, "from"), services, Flag(body, "force"), ct), context.RequestAborted));
        }));

        app.MapGet("/api/history", ApiAccess.Require(tokens, async (context, caller) =>
        {
            var query = context.Request.Query;
            var limit = int.TryParse(query["limit"], out var n) && n > 0 ? Math.Min(n, 1000) : 50;
            var entries = Stale.Mark(context, await reads.HistoryAsync(NullIfEmpty(query["environment"]), NullIfEmpty(query["service"]), limit, context.RequestAborted));
            var rules = await access.RulesAsync(context.RequestAborted);
            entries = entries.Where(e => AccessDecision.RoleOf(caller, e.Environment, rules) is not null).ToList();
            return Results.Text(HistoryReport.Json(entries), "application/json");
        }));
    }

    private static IResult Report(ReleaseReport report) => Results.Text(ReleaseReportRenderer.Json(report), "application/json");

    private static OperationOptions Options(string env, ApiCaller caller, JsonObject body) =>
        ServiceOperations.For(env, caller, Text(body, "message"), Flag(body, "dryRun"));

    private static async Task<IResult?> UnknownEnvironmentAsync(KnownState reads, string env, CancellationToken cancellationToken)
    {
        var environments = (await reads.EnvironmentsAsync(cancellationToken)).Value;
        return environments.Any(e => e.Name == env) ? null
            : ApiErrors.Problem(StatusCodes.Status404NotFound, $"No environment '{env}'; environments: {string.Join(", ", environments.Select(e => e.Name))}.");
    }

    private static async Task<IResult?> UnknownServiceAsync(KnownState reads, string env, string service, CancellationToken cancellationToken)
    {
        if (await UnknownEnvironmentAsync(reads, env, cancellationToken) is { } missing) return missing;
        var workloads = (await reads.WorkloadsAsync(env, cancellationToken)).Value ?? [];
        return workloads.Any(w => WorkloadName.Matches(w.Id, service)) ? null
            : ApiErrors.Problem(StatusCodes.Status404NotFound, $"No service '{service}' in {env}.");
    }

    /// <summary>The JSON object posted; an empty body is an empty object; null when the body is not an object.</summary>
    private static async Task<JsonObject?> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static string? Text(JsonObject body, string key) => body[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static bool Flag(JsonObject body, string key) => body[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
