namespace Pipelines.Registry;

/// <summary>
/// Finds the credential for a registry, first match wins: <c>--registry-username</c>/<c>--registry-password</c>;
/// the Docker config's <c>credHelpers</c> entry for the registry; its <c>auths</c> entry; its <c>credsStore</c>.
/// No credential means anonymous access. Results are remembered per registry.
/// </summary>
public sealed class RegistryCredentialResolver(RegistryOptions options, IReadOnlyList<string>? helperSearchPath = null)
{
    readonly Dictionary<string, Task<RegistryCredential?>> _found = new(StringComparer.OrdinalIgnoreCase);
    readonly Lock _lock = new();
    readonly IReadOnlyList<string> _searchPath = helperSearchPath
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
    DockerConfig? _config;

    public Task<RegistryCredential?> FindAsync(string registry, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_found.TryGetValue(registry, out var task) || task.IsFaulted || task.IsCanceled)
                _found[registry] = task = LookUpAsync(registry, ct);
            return task;
        }
    }

    async Task<RegistryCredential?> LookUpAsync(string registry, CancellationToken ct)
    {
        if (options.Username is { Length: > 0 } user)
            return new RegistryCredential(user, options.Password ?? "") { Source = "--registry-username" };
        _config ??= DockerConfig.Load(options.ResolvedDockerConfigPath);
        if (_config.CredentialHelpers.TryGetValue(registry, out var helper))
            return await new DockerCredentialHelper(helper, _searchPath).GetAsync(registry, ct);
        if (_config.AuthFor(registry) is { } auth)
            return new RegistryCredential(auth.Username, auth.Secret, auth.IsIdentityToken) { Source = _config.Path };
        if (_config.CredentialsStore is { } store)
            return await new DockerCredentialHelper(store, _searchPath).GetAsync(registry, ct);
        return null;
    }
}
