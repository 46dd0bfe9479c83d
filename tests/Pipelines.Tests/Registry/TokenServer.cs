using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Registry;

/// <summary>
/// A token server for the registry's <c>auth: token</c>: checks Basic credentials, grants the requested
/// repository actions (anonymous callers get nothing), and signs RS256 JWTs with a self-signed certificate
/// that travels in the JWT's <c>x5c</c> header and sits in the registry's <c>rootcertbundle</c>.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "pipelines-test-registry";
    public const string Issuer = "pipelines-test-token-server";
    readonly HttpListener _listener = new();
    readonly RSA _key = RSA.Create(2048);
    readonly X509Certificate2 _certificate;
    readonly IReadOnlyDictionary<string, string> _users;
    int _requests;

    TokenServer(IReadOnlyDictionary<string, string> users)
    {
        _users = users;
        var request = new CertificateRequest("CN=" + Issuer, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var port = DistributionRegistry.FreePort();
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Realm { get; }

    /// <summary>How many tokens were asked for: the client should reuse tokens until they expire.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Lifetime written into tokens' <c>expires_in</c>.</summary>
    public int ExpiresInSeconds { get; set; } = 300;

    public string CertificatePem => _certificate.ExportCertificatePem() + "\n";

    public static TokenServer Start(IReadOnlyDictionary<string, string> users) => new(users);

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Answer(context);
            }
            catch (Exception e)
            {
                context.Response.StatusCode = 500;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(e.Message));
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    /// <summary>OAuth2 refresh tokens (what <c>docker login</c> stores as <c>identitytoken</c>) and the user each stands for.</summary>
    public Dictionary<string, string> RefreshTokens { get; } = [];

    void Answer(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var subject = "";
        var scopes = context.Request.QueryString.GetValues("scope") ?? [];
        if (context.Request.HttpMethod == "POST")
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var form = System.Web.HttpUtility.ParseQueryString(reader.ReadToEnd());
            if (form["grant_type"] != "refresh_token" || form["refresh_token"] is not { } refresh || !RefreshTokens.TryGetValue(refresh, out var user))
            {
                context.Response.StatusCode = 401;
                return;
            }
            subject = user;
            scopes = form.GetValues("scope") ?? [];
        }
        else if (context.Request.Headers["Authorization"] is { } authorization)
        {
            var decoded = authorization.StartsWith("Basic ", StringComparison.Ordinal)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]))
                : "";
            var colon = decoded.IndexOf(':');
            if (colon < 0 || !_users.TryGetValue(decoded[..colon], out var password) || password != decoded[(colon + 1)..])
            {
                context.Response.StatusCode = 401;
                return;
            }
            subject = decoded[..colon];
        }
        var access = scopes
            .SelectMany(s => s.Split(' '))
            .Select(scope => scope.Split(':'))
            .Where(parts => parts.Length == 3 && parts[0] == "repository" && subject.Length > 0)
            .Select(parts => new { type = "repository", name = parts[1], actions = parts[2].Split(',') })
            .ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "RS256", typ = "JWT", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new
        {
            iss = Issuer,
            sub = subject,
            aud = Service,
            exp = now + ExpiresInSeconds,
            nbf = now - 10,
            iat = now,
            jti = Guid.NewGuid().ToString("N"),
            access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + Base64Url(signature);
        // The GET flow answers "token" (the distribution token spec); the OAuth2 POST flow answers "access_token".
        var body = context.Request.HttpMethod == "POST"
            ? JsonSerializer.SerializeToUtf8Bytes(new { access_token = token, expires_in = ExpiresInSeconds, scope = string.Join(' ', scopes) })
            : JsonSerializer.SerializeToUtf8Bytes(new { token, expires_in = ExpiresInSeconds, issued_at = DateTimeOffset.UtcNow.ToString("O") });
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Close();
        _certificate.Dispose();
        _key.Dispose();
    }
}
