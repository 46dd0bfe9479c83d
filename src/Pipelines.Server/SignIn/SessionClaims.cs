using System.Security.Claims;
using Pipelines.Config;
using Pipelines.Server.Api;
using Pipelines.Server.Ui;

namespace Pipelines.Server.SignIn;

/// <summary>
/// A console session as the claims its cookie carries (encrypted and signed by Data Protection): who (name, email, the
/// principals <c>access:</c> names them by, a token's role everywhere) and the CSRF token its forms must send back. Never a
/// token or a password. Roles per environment are not kept: they are read from pipelines.yaml at each request, so a
/// changed <c>access:</c> takes effect at once for sessions already signed in.
/// </summary>
public static class SessionClaims
{
    public const string AuthenticationType = "pipelines-console";

    private const string NameClaim = "name";
    private const string EmailClaim = "email";
    private const string PrincipalClaim = "pipelines/principal";
    private const string EverywhereClaim = "pipelines/everywhere";
    private const string RoleTextClaim = "pipelines/role";
    private const string CsrfClaim = "pipelines/csrf";
    private const string SessionClaim = "pipelines/session";

    /// <summary>A new session of <paramref name="caller"/>, with a fresh session id and CSRF token.</summary>
    public static ClaimsPrincipal For(ApiCaller caller)
    {
        var claims = new List<Claim> { new(NameClaim, caller.Name), new(CsrfClaim, UiSession.NewSecret()), new(SessionClaim, UiSession.NewSecret()) };
        if (caller.Email is { } email) claims.Add(new Claim(EmailClaim, email));
        if (caller.Everywhere is { } role) claims.Add(new Claim(EverywhereClaim, role.ToString()));
        if (caller.RoleText is { } text) claims.Add(new Claim(RoleTextClaim, text));
        claims.AddRange(caller.Principals.Select(p => new Claim(PrincipalClaim, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, NameClaim, null));
    }

    /// <summary>The session a request's cookie carried; null without one (or with a cookie of something else).</summary>
    public static UiSession? Read(ClaimsPrincipal user)
    {
        if (user.Identities.FirstOrDefault(i => i.AuthenticationType == AuthenticationType) is not { } identity) return null;
        if (identity.FindFirst(NameClaim)?.Value is not { } name || identity.FindFirst(CsrfClaim)?.Value is not { } csrf) return null;
        AccessRole? everywhere = Enum.TryParse<AccessRole>(identity.FindFirst(EverywhereClaim)?.Value, out var role) ? role : null;
        var caller = new ApiCaller(name, everywhere >= AccessRole.Deployer ? ApiRole.Operator : ApiRole.Read)
        {
            Email = identity.FindFirst(EmailClaim)?.Value,
            Principals = identity.FindAll(PrincipalClaim).Select(c => c.Value).ToList(),
            Everywhere = everywhere,
            RoleText = identity.FindFirst(RoleTextClaim)?.Value,
        };
        // The cookie handler has checked the expiry already; the page needs none.
        return new UiSession(identity.FindFirst(SessionClaim)?.Value ?? csrf, caller, csrf, DateTimeOffset.MaxValue);
    }
}
