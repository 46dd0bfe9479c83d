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
        catch (Exception e) when (StatusOf(e) is { } status)
        {
            return Problem(status, e.Message);
        }
    }

    /// <summary>The status an operation's failure answers with (the web UI shows the same); null: a bug, not the caller's or a component's fault.</summary>
    public static int? StatusOf(Exception e) => e switch
    {
        UsageException => StatusCodes.Status400BadRequest,
        LockTimeoutException or Health.StateUnknownException => StatusCodes.Status503ServiceUnavailable,
        BuildFailure or HttpRequestException or LibGit2Sharp.LibGit2SharpException or Registry.RegistryException
            or ConfigRepo.GitRemoteException or k8s.Autorest.HttpOperationException or Kubernetes.KubeApiException => StatusCodes.Status502BadGateway,
        _ => null,
    };
}
