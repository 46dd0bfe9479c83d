using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Pipelines.Tests.Server;

/// <summary>A person the test provider knows: <c>/login?user=KEY</c> signs a browser in as them.</summary>
public sealed record OidcUser(string Subject, string Name, string Email, params string[] Groups);

/// <summary>
/// A real OpenID Connect provider for the console's tests: OpenIddict's server on 127.0.0.1 (authorization code flow with
/// PKCE, discovery, JWKS, signed ID tokens), in degraded mode — no database, so the one client and the people are checked
/// by the handlers below. A browser signs in at the provider with <c>/login?user=KEY</c> (a cookie of the provider's own);
/// the authorization endpoint then issues a code for that person, with their name, email and groups in the ID token.
/// </summary>
internal sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "pipelines-console";
    public const string ClientSecret = "console-client-secret-0123456789";
    private const string UserCookie = "test_provider_user";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app) => _app = app;

    /// <summary>The issuer URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Authority => new(_app.Urls.First() + "/");

    /// <summary>How many authorization codes were redeemed at the token endpoint: each is one real exchange with the console.</summary>
    public int CodesRedeemed { get; private set; }

    public static async Task<OidcProvider> StartAsync(IReadOnlyDictionary<string, OidcUser> users)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        OidcProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.EnableDegradedMode();
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.UseAspNetCore().DisableTransportSecurityRequirement();

            // The one client: its id, and a redirect URI of a console on this machine (each test's Watch has its own port).
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId) context.Reject(Errors.InvalidClient, $"unknown client '{context.ClientId}'");
                else if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect) || !redirect.IsLoopback || redirect.AbsolutePath != "/ui/signin-oidc")
                    context.Reject(Errors.InvalidRequest, $"redirect_uri {context.RedirectUri} is not registered");
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret) context.Reject(Errors.InvalidClient, "wrong client id or secret");
                else provider!.CodesRedeemed++;
                return default;
            }));
            // Who is signed in here (the provider's cookie) gets a code; nobody: login_required, as a provider without a session says.
            options.AddEventHandler<OpenIddictServerEvents.HandleAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                var request = context.Transaction.GetHttpRequest()!;
                if (request.Cookies[UserCookie] is not { } key || !users.TryGetValue(key, out var user))
                {
                    context.Reject(Errors.LoginRequired, "nobody is signed in at the test provider");
                    return default;
                }
                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, user.Subject).SetClaim(Claims.Name, user.Name).SetClaim(Claims.Email, user.Email)
                    .SetClaim(Claims.PreferredUsername, key).SetClaims("groups", [.. user.Groups]);
                identity.SetScopes(context.Request.GetScopes());
                identity.SetDestinations(_ => [Destinations.IdentityToken]);
                context.Principal = new ClaimsPrincipal(identity);
                return default;
            }));
        });
        var app = builder.Build();
        app.MapGet("/login", (HttpContext context, string user) =>
        {
            context.Response.Cookies.Append(UserCookie, user, new CookieOptions { HttpOnly = true, Path = "/" });
            return Results.Text($"signed in at the test provider as {user}\n");
        });
        await app.StartAsync();
        provider = new OidcProvider(app);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
