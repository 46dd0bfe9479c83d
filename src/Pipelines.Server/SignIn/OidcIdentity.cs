using System.Security.Claims;
using Pipelines.Config;
using Pipelines.Server.Api;

namespace Pipelines.Server.SignIn;

/// <summary>
/// Who an ID token says signed in, as a console caller: the name shown and committed (<c>name</c>, else
/// <c>preferred_username</c>, <c>email</c>, <c>sub</c>), the email that authors their commits, and the principals
/// <c>access:</c> may name them by — <c>user:</c> their email, user name and subject, <c>group:</c> each group claim, and
/// <c>everyone</c>. Roles come from pipelines.yaml only: a person holds none everywhere.
/// </summary>
public static class OidcIdentity
{
    public static ApiCaller Caller(ClaimsPrincipal token, string groupsClaim)
    {
        string? First(string type) => token.FindFirst(type)?.Value is { Length: > 0 } value ? OneLine(value) : null;
        var subject = First("sub") ?? throw new InvalidOperationException("The provider's ID token has no 'sub' claim, which OpenID Connect requires.");
        var email = First("email");
        var userName = First("preferred_username");
        var principals = new List<string>();
        foreach (var user in new[] { email, userName, subject }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)) principals.Add($"user:{user}");
        principals.AddRange(token.FindAll(groupsClaim).Select(c => OneLine(c.Value)).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).Select(g => $"group:{g}"));
        principals.Add(AccessRules.Everyone);
        // The header of a page that is no environment's says where roles come from; an environment's page says the role there.
        return new ApiCaller(First("name") ?? userName ?? email ?? subject, ApiRole.Read) { Email = email, Principals = principals, RoleText = "roles per environment" };
    }

    // A name goes into commit headers and trailers: one line, whatever the provider sends.
    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
