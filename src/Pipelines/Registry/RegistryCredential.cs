namespace Pipelines.Registry;

/// <summary>
/// A user name and secret for one registry. When <see cref="IsIdentityToken"/>, the secret is an OAuth2
/// refresh token (what <c>docker login</c> stores as <c>identitytoken</c>). Never printed.
/// </summary>
public sealed record RegistryCredential(string Username, string Secret, bool IsIdentityToken = false)
{
    /// <summary>Where the credential came from, for messages: "--registry-username", "~/.docker/config.json", "docker-credential-pass".</summary>
    public string Source { get; init; } = "parameters";

    public override string ToString() => $"{Username} (from {Source})";
}
