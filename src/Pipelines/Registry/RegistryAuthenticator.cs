using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Pipelines.Registry;

/// <summary>
/// Answers registries' authentication challenges: Basic with the registry's credential, or the bearer-token
/// flow (ask the challenge's realm for a token for the service and scope, with the credential if there is
/// one, and reuse it until it expires). Remembers each registry's challenge, so later requests authenticate
/// up front instead of collecting a 401 first.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient http, RegistryCredentialResolver credentials, TimeProvider time, TimeSpan requestTimeout)
{
    readonly ConcurrentDictionary<string, AuthenticationChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<(string Registry, string Scope), Task<BearerToken>> _tokens = new();

    /// <summary>The Authorization header for a request, if the registry is known to want one; null otherwise.</summary>
    public async Task<AuthenticationHeaderValue?> HeaderAsync(string registry, string scope, CancellationToken ct)
    {
        if (!_challenges.TryGetValue(registry, out var challenge))
            return null;
        if (challenge.IsBasic)
            return await credentials.FindAsync(registry, ct) is { IsIdentityToken: false } credential ? Basic(credential) : null;
        var key = (registry, scope);
        var token = await TokenAsync(key, challenge, ct);
        if (!token.IsValidAt(time.GetUtcNow()))
        {
            _tokens.TryRemove(key, out _);
            token = await TokenAsync(key, challenge, ct);
        }
        return new AuthenticationHeaderValue("Bearer", token.Value);
    }

    /// <summary>The cached token for the scope, or a new one; concurrent callers share one fetch.</summary>
    async Task<BearerToken> TokenAsync((string Registry, string Scope) key, AuthenticationChallenge challenge, CancellationToken ct)
    {
        var token = _tokens.GetOrAdd(key, k => FetchTokenAsync(k.Registry, k.Scope, challenge, ct));
        try
        {
            return await token;
        }
        catch
        {
            _tokens.TryRemove(KeyValuePair.Create(key, token));
            throw;
        }
    }

    /// <summary>
    /// Records a 401's challenge and drops any token for the scope. Returns whether a retry can succeed:
    /// true when the challenge is new or a cached token was turned down.
    /// </summary>
    public bool Challenged(string registry, string scope, AuthenticationChallenge challenge, bool sentAuthorization)
    {
        var known = _challenges.TryGetValue(registry, out var previous) && previous == challenge;
        _challenges[registry] = challenge;
        var hadToken = _tokens.TryRemove((registry, scope), out _);
        return !sentAuthorization || !known || hadToken;
    }

    public Task<RegistryCredential?> CredentialAsync(string registry, CancellationToken ct) => credentials.FindAsync(registry, ct);

    async Task<BearerToken> FetchTokenAsync(string registry, string scope, AuthenticationChallenge challenge, CancellationToken ct)
    {
        if (challenge.Realm is null || !Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm))
            throw new RegistryException(RegistryErrorKind.Protocol, registry,
                $"Registry {registry} asked for a bearer token but named no valid token server (realm '{challenge.Realm}'); check the registry's auth configuration.");
        var credential = await credentials.FindAsync(registry, ct);
        var query = new List<string>();
        if (challenge.Service is { } service)
            query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(scope));

        using var request = credential is { IsIdentityToken: true }
            ? new HttpRequestMessage(HttpMethod.Post, realm)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = credential.Secret,
                    ["service"] = challenge.Service ?? "",
                    ["scope"] = scope,
                    ["client_id"] = "pipelines",
                }),
            }
            : new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = string.Join('&', query) }.Uri);
        if (credential is { IsIdentityToken: false })
            request.Headers.Authorization = Basic(credential);

        HttpResponseMessage response;
        // The token server is a server like the registry: bounded by the same --registry-timeout, reading the token included.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(requestTimeout);
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryException(RegistryErrorKind.Unreachable, registry,
                $"Cannot reach the token server {realm.GetLeftPart(UriPartial.Path)} that registry {registry} sends clients to: {e.Message}.", inner: e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RegistryException(RegistryErrorKind.Unreachable, registry,
                $"The token server {realm.GetLeftPart(UriPartial.Path)} that registry {registry} sends clients to did not answer within " +
                $"{requestTimeout.TotalSeconds:0.#} s. Check that it is up and reachable, or raise --registry-timeout.", inner: e);
        }
        using (response)
        {
            var who = credential is null ? "anonymous access" : $"user '{credential.Username}' (from {credential.Source})";
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new RegistryException(RegistryErrorKind.Unauthorized, registry,
                    $"The token server {realm.GetLeftPart(UriPartial.Path)} of registry {registry} refused {who} for scope {scope} (HTTP {(int)response.StatusCode}). " +
                    (credential is null
                        ? $"Pass --registry-username and --registry-password, or run docker login {registry}."
                        : "Check the user name and password."),
                    response.StatusCode);
            if (!response.IsSuccessStatusCode)
                throw new RegistryException(RegistryErrorKind.Protocol, registry,
                    $"The token server {realm.GetLeftPart(UriPartial.Path)} of registry {registry} answered HTTP {(int)response.StatusCode} for scope {scope}; check the token server.",
                    response.StatusCode);
            var body = await response.Content.ReadAsStringAsync(ct);
            try
            {
                return BearerToken.Parse(body, time.GetUtcNow());
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new RegistryException(RegistryErrorKind.Malformed, registry,
                    $"The token server {realm.GetLeftPart(UriPartial.Path)} of registry {registry} answered something that is not a token ({e.Message}); check the token server.");
            }
        }
    }

    static AuthenticationHeaderValue Basic(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}")));
}
