using System.Security.Cryptography;
using System.Text;
using Pipelines.Server.Api;

namespace Pipelines.Server.Ui;

/// <summary>A signed-in browser: who (never a token) and the CSRF token its forms carry; read from the session cookie
/// (<see cref="SignIn.SessionClaims"/>) at each request.</summary>
public sealed record UiSession(string Id, ApiCaller Caller, string Csrf, DateTimeOffset Expires)
{
    /// <summary>Whether a form's CSRF token is this session's; compared in constant time.</summary>
    public bool Accepts(string? csrf) => SameSecret(csrf, Csrf);

    /// <summary>Compares in constant time, so timing does not reveal how much of a guess was right.</summary>
    public static bool SameSecret(string? sent, string expected) =>
        sent is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expected));

    /// <summary>A 256-bit random value, URL- and cookie-safe.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
