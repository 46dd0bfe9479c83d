using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Server.Hooks;

/// <summary>
/// How each registry proves it knows the webhook secret, as far as it can: an <c>Authorization</c> header (the distribution
/// registry, GitLab's registry, Harbor's auth header, Azure's custom header; <c>Bearer &lt;secret&gt;</c> or the bare secret), the secret
/// in the hook's URL (Docker Hub and Quay, which send no header of their choosing: <c>/hooks/dockerhub/&lt;secret&gt;</c> or
/// <c>?secret=</c>), or a signature of the body (GitHub's <c>X-Hub-Signature-256</c>). Constant time. Pure.
/// </summary>
public static class HookSecret
{
    public static bool Presented(string? presented, string secret) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(secret));

    /// <summary>The secret from a header, in the URL's path or in its query: whichever the request carries.</summary>
    public static bool Carried(string? authorization, string? inPath, string? inQuery, string secret) =>
        RegistryNotification.Authorized(authorization, secret) || Presented(inPath, secret) || Presented(inQuery, secret);
}
