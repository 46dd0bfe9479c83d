using k8s;
using Pipelines.Kubernetes;
using Pipelines.Server.SignIn;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>Watch's console sign-in from its parameters: the OpenID Connect provider (the client secret from a file or a
/// secret parameter, never printed) and where session keys are kept.</summary>
public sealed partial class WatchTargets
{
    private ConsoleSignIn SignIn()
    {
        if (Server.UiKeysDir is not null && Server.UiKeysSecret is not null)
        {
            throw new UsageException("--ui-keys-dir and --ui-keys-secret both say where session keys go; give one.");
        }
        var signIn = new ConsoleSignIn
        {
            Oidc = Oidc(),
            KeysDirectory = Server.UiKeysDir is { } folder ? Path.GetFullPath(folder, Context.WorkingDirectory) : null,
            KeysSecret = Server.UiKeysSecret is { } secret ? KeysSecret(secret) : null,
            SessionLifetime = Server.UiSessionLifetime,
        };
        if (signIn.KeysDirectory is null && signIn.KeysSecret is null)
        {
            Log.Warn("Console sessions are protected by keys kept in memory: a restart signs everyone out, and replicas do not share sessions. " +
                "Keep the keys with --ui-keys-dir <folder> or --ui-keys-secret <namespace/name>.");
        }
        return signIn;
    }

    private OidcSettings? Oidc()
    {
        if (Server.UiOidcAuthority is not { } authority)
        {
            if (Server.UiOidcClientId is not null) throw new UsageException("--ui-oidc-client-id needs --ui-oidc-authority, the provider's issuer URL.");
            return null;
        }
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new UsageException($"--ui-oidc-authority {authority}: not a URL; give the provider's issuer URL, e.g. https://login.example.com/realms/platform.");
        }
        var clientId = Server.UiOidcClientId ?? throw new UsageException("--ui-oidc-authority needs --ui-oidc-client-id, the console's client id at the provider.");
        var secret = ClientSecret() ?? throw new UsageException("--ui-oidc-authority needs the console's client secret: set PIPELINES_UI_OIDC_CLIENT_SECRET or give --ui-oidc-client-secret-file.");
        var settings = new OidcSettings(uri, clientId, secret)
        {
            Scopes = Server.UiOidcScopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries),
            GroupsClaim = Server.UiOidcGroupsClaim,
            DisplayName = Server.UiOidcName,
        };
        if (uri.Scheme != "https" && !settings.IsLoopbackHttp)
        {
            throw new UsageException($"--ui-oidc-authority {authority}: use https; over http the provider's tokens would cross the network readable (http is accepted on 127.0.0.1 and localhost only).");
        }
        return settings;
    }

    // A file first: a mounted Secret is how a cluster hands it over. Its content is never printed, nor its absence guessed at.
    private string? ClientSecret()
    {
        if (Server.UiOidcClientSecretFile is { } file)
        {
            var path = Path.GetFullPath(file, Context.WorkingDirectory);
            if (!File.Exists(path)) throw new UsageException($"--ui-oidc-client-secret-file {file}: no such file.");
            var text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : throw new UsageException($"--ui-oidc-client-secret-file {file}: the file is empty.");
        }
        return Server.UiOidcClientSecret;
    }

    private SecretKeyStore KeysSecret(string value)
    {
        var parts = value.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new UsageException($"--ui-keys-secret {value}: write namespace/name, e.g. pipelines/watch-session-keys.");
        }
        KubernetesClientConfiguration connection;
        try
        {
            connection = ClusterConnection.Resolve(ClusterSelection(), null).Configuration;
        }
        catch (ClusterConnectionException e)
        {
            throw new UsageException($"--ui-keys-secret needs a cluster for its Secret: {e.Message} Or keep the keys in a folder with --ui-keys-dir.");
        }
        return new SecretKeyStore(new k8s.Kubernetes(connection), parts[0], parts[1]);
    }
}
