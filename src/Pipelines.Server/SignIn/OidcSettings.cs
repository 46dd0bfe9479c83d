namespace Pipelines.Server.SignIn;

/// <summary>
/// The web console's single sign-on: an OpenID Connect provider (Keycloak, Dex, Entra ID, Okta, Google…) and this service's
/// registration there. The console asks for the authorization code flow with PKCE; its redirect URI is
/// <c>&lt;address&gt;/ui/signin-oidc</c>. <see cref="ToString"/> leaves the client secret out, so logging these settings is safe.
/// </summary>
/// <param name="Authority">The provider's issuer URL; its discovery document is <c>&lt;authority&gt;/.well-known/openid-configuration</c>.</param>
/// <param name="ClientSecret">Never printed: read from a file or an environment variable by the Watch target.</param>
public sealed record OidcSettings(Uri Authority, string ClientId, string ClientSecret)
{
    /// <summary>Scopes asked for besides <c>openid</c>: the name, email and groups that roles and commits need.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = ["profile", "email"];

    /// <summary>The claim of the ID token that lists the user's groups (<c>group:</c> principals of <c>access:</c>).</summary>
    public string GroupsClaim { get; init; } = "groups";

    /// <summary>What the sign-in button calls the provider.</summary>
    public string DisplayName { get; init; } = "single sign-on";

    /// <summary>The longest the console waits for the provider's discovery document, keys and token endpoint.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Plain http is accepted only on the machine itself (a provider run for tests or a demo); elsewhere tokens would cross the network readable.</summary>
    public bool IsLoopbackHttp => Authority.Scheme == Uri.UriSchemeHttp && Authority.IsLoopback;

    public override string ToString() => $"OpenID Connect provider {Authority} (client {ClientId})";
}
