using Microsoft.AspNetCore.Http;
using Pipelines.Config;
using Pipelines.Server.Access;

namespace Pipelines.Server.Api;

/// <summary>Bearer-token access to the API: 401 without a known token; each endpoint then asks <see cref="EnvironmentAccess"/>
/// for the role it needs in the environment it acts on (403 with the reason when the caller lacks it).</summary>
internal static class ApiAccess
{
    public static RequestDelegate Require(ApiTokens tokens, Func<HttpContext, ApiCaller, Task<IResult>> handler) =>
        context => RespondAsync(context, tokens, handler);

    /// <summary>403 with the reason when <paramref name="caller"/> lacks <paramref name="needed"/> in <paramref name="environment"/>; null when they may.</summary>
    public static async Task<IResult?> RefusedAsync(EnvironmentAccess access, ApiCaller caller, string environment, AccessRole needed, string what, CancellationToken cancellationToken) =>
        await access.RefusalAsync(caller, environment, needed, what, cancellationToken) is { } refusal ? ApiErrors.Problem(StatusCodes.Status403Forbidden, refusal) : null;

    private static async Task RespondAsync(HttpContext context, ApiTokens tokens, Func<HttpContext, ApiCaller, Task<IResult>> handler)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var caller = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? tokens.Find(header[7..].Trim()) : null;
        IResult result;
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            result = ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Send an API token from --api-tokens-file as 'Authorization: Bearer <token>'.");
        }
        else
        {
            result = await ApiErrors.Guard(() => handler(context, caller));
        }
        await result.ExecuteAsync(context);
    }
}
