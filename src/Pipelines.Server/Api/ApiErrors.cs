using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipelines.Faults;

namespace Pipelines.Server.Api;

/// <summary>Errors as JSON <c>{"error": "…"}</c> with the status that says whose fault, from the one classification of failures
/// (<see cref="Fault"/>): 400 a bad request and 404 an unknown name (what the targets exit 2 with), 409 a conflict (the global lock
/// timed out), 503 git, registry or cluster did not answer, 422 the config repo holds what cannot be used.</summary>
internal static class ApiErrors
{
    public static IResult Problem(int status, string message) =>
        Results.Json(new JsonObject { ["error"] = message }, statusCode: status);

    public static async Task<IResult> Guard(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            return Problem(status, e.Message);
        }
    }

    /// <summary>The status an operation's failure answers with (the web UI shows the same); null: a bug, not the caller's or a component's fault.</summary>
    public static int? StatusOf(Exception e) => e is Health.StateUnknownException ? StatusCodes.Status503ServiceUnavailable
        : Fault.KindOf(e) is { } kind ? Fault.HttpStatus(kind) : null;
}
