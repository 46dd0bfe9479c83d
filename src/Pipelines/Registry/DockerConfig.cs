using System.Text;
using System.Text.Json;

namespace Pipelines.Registry;

/// <summary>
/// The parts of Docker's <c>config.json</c> that hold registry credentials: <c>auths</c> (base64
/// <c>auth</c>, or <c>username</c>/<c>password</c>, or <c>identitytoken</c>), <c>credHelpers</c> (a helper per
/// registry) and <c>credsStore</c> (the default helper).
/// </summary>
internal sealed record DockerConfig(
    IReadOnlyDictionary<string, DockerConfigAuth> Auths,
    IReadOnlyDictionary<string, string> CredentialHelpers,
    string? CredentialsStore,
    string Path)
{
    public static DockerConfig Empty(string path) => new(new Dictionary<string, DockerConfigAuth>(), new Dictionary<string, string>(), null, path);

    /// <summary>Reads the file; a missing file is an empty config, an unreadable one an error naming the file.</summary>
    public static DockerConfig Load(string path)
    {
        if (!File.Exists(path))
            return Empty(path);
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FormatException($"{path} is not a valid Docker config file ({e.Message}); fix or remove it, or pass --registry-username and --registry-password.", e);
        }
    }

    public static DockerConfig Parse(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var auths = new Dictionary<string, DockerConfigAuth>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in authsElement.EnumerateObject())
            {
                var auth = ReadAuth(entry.Value, entry.Name, path);
                if (auth is not null)
                    auths[RegistryKey(entry.Name)] = auth;
            }
        }
        var helpers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            foreach (var entry in helpersElement.EnumerateObject())
                if (entry.Value.GetString() is { Length: > 0 } helper)
                    helpers[RegistryKey(entry.Name)] = helper;
        var store = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String
            ? storeElement.GetString() is { Length: > 0 } s ? s : null
            : null;
        return new DockerConfig(auths, helpers, store, path);
    }

    /// <summary>The helper program name suffix for a registry (<c>docker-credential-&lt;name&gt;</c>), per-registry first.</summary>
    public string? HelperFor(string registry) =>
        CredentialHelpers.GetValueOrDefault(registry) ?? CredentialsStore;

    public DockerConfigAuth? AuthFor(string registry) => Auths.GetValueOrDefault(registry);

    /// <summary>
    /// Keys are written as hosts or URLs (<c>https://index.docker.io/v1/</c>, <c>http://localhost:5000</c>);
    /// they are compared by host and port, with Docker Hub's aliases folded into <c>docker.io</c>.
    /// </summary>
    public static string RegistryKey(string key)
    {
        var text = key.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            text = text[(scheme + 3)..];
        var slash = text.IndexOf('/');
        if (slash >= 0)
            text = text[..slash];
        return text.ToLowerInvariant() is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? Images.ImageReference.DockerHub : text;
    }

    static DockerConfigAuth? ReadAuth(JsonElement element, string key, string path)
    {
        string? Get(string name) => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var identityToken = Get("identitytoken");
        var username = Get("username");
        var password = Get("password");
        if (Get("auth") is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw new FormatException($"the 'auth' value for '{key}' in {path} is not base64 of user:password; run docker login {RegistryKey(key)} again");
            }
            var colon = decoded.IndexOf(':');
            if (colon < 0)
                throw new FormatException($"the 'auth' value for '{key}' in {path} has no ':' between user and password; run docker login {RegistryKey(key)} again");
            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }
        if (identityToken is { Length: > 0 })
            return new DockerConfigAuth(username ?? "", identityToken, IsIdentityToken: true);
        return username is { Length: > 0 } && password is not null ? new DockerConfigAuth(username, password, IsIdentityToken: false) : null;
    }
}
