using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Pipelines.Diagnostics;
using Pipelines.Server.Ui;
using Pipelines.Server.Ui.Pages;

namespace Pipelines.Server.SignIn;

/// <summary>
/// The console's sessions as ASP.NET Core sees them: a cookie scheme whose ticket is the caller (<see cref="SessionClaims"/>),
/// Data Protection keys where <see cref="ConsoleSignIn"/> says, and with single sign-on the OpenID Connect handler, which
/// turns the provider's ID token into such a session. The pages decide what a missing session means (the sign-in page,
/// a 401 for a form), so the handlers never redirect on their own.
/// </summary>
public static class ConsoleAuthentication
{
    public const string CookieScheme = "pipelines-session";
    public const string OidcScheme = "oidc";

    /// <summary>The redirect URI to register at the provider, under the console's address.</summary>
    public const string CallbackPath = "/ui/signin-oidc";

    /// <summary>Where a browser starts single sign-on.</summary>
    public const string StartPath = "/ui/sign-in/oidc";

    public static void Add(IServiceCollection services, ConsoleSignIn signIn, ILog log)
    {
        var protection = services.AddDataProtection().SetApplicationName("pipelines-watch");
        if (signIn.KeysDirectory is { } folder)
        {
            // Only this user may read the keys: they open every session cookie.
            protection.PersistKeysToFileSystem(OperatingSystem.IsWindows() ? Directory.CreateDirectory(folder)
                : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }
        else if (signIn.KeysSecret is { } secret)
        {
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = new SecretXmlRepository(secret));
        }
        else
        {
            protection.UseEphemeralDataProtectionProvider();
        }

        var authentication = services.AddAuthentication(CookieScheme).AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = UiAccess.SessionCookie;
            o.Cookie.HttpOnly = true;
            // Strict unless a provider redirects back here: a Strict cookie set on that cross-site redirect's answer would not be
            // sent with the next page, and the user would look signed out. Forms carry a CSRF token either way.
            o.Cookie.SameSite = signIn.Oidc is null ? SameSiteMode.Strict : SameSiteMode.Lax;
            // Behind a TLS-terminating proxy the request looks like http; the cookie then works, and the proxy's HTTPS protects it.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = signIn.SessionLifetime;
            o.SlidingExpiration = false;
            o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
        });
        if (signIn.Oidc is not { } oidc) return;
        if (oidc.Authority.Scheme != Uri.UriSchemeHttps && !oidc.IsLoopbackHttp)
        {
            throw new ArgumentException($"The OpenID Connect authority {oidc.Authority} is not https; tokens would cross the network readable. Use the provider's https URL.");
        }
        authentication.AddOpenIdConnect(OidcScheme, o =>
        {
            o.Authority = oidc.Authority.ToString();
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // A redirect (GET) back, not a cross-site form post: its correlation cookies then work with SameSite=Lax over http too.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.SignInScheme = CookieScheme;
            o.CallbackPath = CallbackPath;
            o.RequireHttpsMetadata = !oidc.IsLoopbackHttp;
            o.BackchannelTimeout = oidc.Timeout;
            o.DisableTelemetry = true;
            // The session keeps who signed in, not the provider's tokens: the cookie stays small and holds nothing to replay.
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes.Prepend("openid").Distinct(StringComparer.Ordinal)) o.Scope.Add(scope);
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = context =>
            {
                var caller = OidcIdentity.Caller(context.Principal!, oidc.GroupsClaim);
                context.Principal = SessionClaims.For(caller);
                log.Info($"Web UI: {caller.Cause} signed in with {oidc.DisplayName} ({string.Join(", ", caller.Principals)}).");
                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = async context =>
            {
                // The provider said no (or the answer did not check out): the sign-in page says so, rather than a 500.
                log.Warn($"Web UI: a sign-in with {oidc.DisplayName} failed: {context.Failure?.Message}");
                context.HandleResponse();
                await UiAccess.WritePageAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                    SignInPage.Render("", $"Signing in with {oidc.DisplayName} did not succeed ({context.Failure?.Message}). Try again; if it keeps failing, tell whoever runs Pipelines.",
                        oidc.DisplayName));
            };
        });
    }

    /// <summary>Starts single sign-on; the provider sends the browser back to <see cref="CallbackPath"/>, then to <c>/</c>.</summary>
    public static Task ChallengeAsync(HttpContext context) =>
        context.ChallengeAsync(OidcScheme, new AuthenticationProperties { RedirectUri = "/" });

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
