namespace Pipelines.Sandbox.Registry;

/// <summary>How a <see cref="DistributionRegistry"/> is started. The defaults: anonymous, plain HTTP, no notifications.</summary>
public sealed record RegistryLaunchOptions
{
    /// <summary>htpasswd basic auth for this one user (bcrypt, written with apache2-utils' htpasswd).</summary>
    public (string Username, string Password)? BasicAuth { get; init; }

    /// <summary>Token auth against an external token server.</summary>
    public TokenAuth? Token { get; init; }

    /// <summary>HTTPS with a self-signed certificate for 127.0.0.1 that no one trusts.</summary>
    public bool SelfSignedTls { get; init; }

    /// <summary>Push and pull events are posted here (the registry's <c>notifications</c> endpoint), e.g. a release manager's webhook.</summary>
    public Uri? NotificationsUrl { get; init; }

    /// <summary>Sent as the notifications' <c>Authorization</c> header (the endpoint's <c>headers:</c>), e.g. <c>Bearer &lt;shared secret&gt;</c>.</summary>
    public string? NotificationsAuthorization { get; init; }
}

/// <summary>The registry's <c>auth: token</c> settings: where tokens come from and the certificate (PEM) that signs them.</summary>
public sealed record TokenAuth(string Realm, string Service, string Issuer, string RootCertificatePem);
