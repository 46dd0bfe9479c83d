using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipelines.Locking;
using Pipelines.Targets;

namespace Pipelines.Server.Api;

/// <summary>Errors as JSON <c>{"error": "…"}</c> with the status that says whose fault: 400 a bad request (the same usage
/// errors the targets exit 2 with), 503 the global lock timed out, 502 git, registry or cluster failed.</summary>
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
        catch (UsageException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (LockTimeoutException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (Exception e) when (e is BuildFailure or HttpRequestException or LibGit2Sharp.LibGit2SharpException or Registry.RegistryException
            or ConfigRepo.GitRemoteException or k8s.Autorest.HttpOperationException)
        {
            return Problem(StatusCodes.Status502BadGateway, e.Message);
        }
    }
}
