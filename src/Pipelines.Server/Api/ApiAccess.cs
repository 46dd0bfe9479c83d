using Microsoft.AspNetCore.Http;

namespace Pipelines.Server.Api;

/// <summary>Bearer-token access to the API: 401 without a known token, 403 when a read-only token asks to write.</summary>
internal static class ApiAccess
{
    public static RequestDelegate Require(ApiTokens tokens, ApiRole role, Func<HttpContext, ApiCaller, Task<IResult>> handler) =>
        context => RespondAsync(context, tokens, role, handler);

    private static async Task RespondAsync(HttpContext context, ApiTokens tokens, ApiRole role, Func<HttpContext, ApiCaller, Task<IResult>> handler)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var caller = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? tokens.Find(header[7..].Trim()) : null;
        IResult result;
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            result = ApiErrors.Problem(StatusCodes.Status401Unauthorized, "Send an API token from --api-tokens-file as 'Authorization: Bearer <token>'.");
        }
        else if (role == ApiRole.Operator && caller.Role != ApiRole.Operator)
        {
            result = ApiErrors.Problem(StatusCodes.Status403Forbidden, $"{caller.Name} has a read-only token; changes need an operator token.");
        }
        else
        {
            result = await ApiErrors.Guard(() => handler(context, caller));
        }
        await result.ExecuteAsync(context);
    }
}
