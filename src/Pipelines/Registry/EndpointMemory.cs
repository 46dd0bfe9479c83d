namespace Pipelines.Registry;

/// <summary>
/// What the HTTPS-or-HTTP probe of an insecure registry found, remembered for an hour in the registry cache
/// (<c>endpoints/&lt;host_port&gt;</c>, the scheme as text). The probe's failed TLS handshake costs every run ~50 ms;
/// CI runs minutes apart reuse its answer instead. A remembered endpoint that fails to connect is forgotten and
/// probed again at once (<see cref="RegistryClient"/>), so a registry that changes protocol costs one probe.
/// </summary>
internal sealed class EndpointMemory(string cacheDirectory, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private string Folder => Path.Combine(cacheDirectory, "endpoints");

    /// <summary>The remembered base URI of <paramref name="registry"/>, or null when none is remembered or it is older than <see cref="Lifetime"/>.</summary>
    public Uri? Recall(string registry)
    {
        var path = PathOf(registry);
        try
        {
            if (!File.Exists(path) || time.GetUtcNow() - File.GetLastWriteTimeUtc(path) > Lifetime) return null;
            return File.ReadAllText(path).Trim() switch
            {
                "https" => RegistryEndpoint.Https(registry),
                "http" => RegistryEndpoint.Http(registry),
                _ => null,
            };
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Remember(string registry, Uri endpoint) => Try(() =>
    {
        Directory.CreateDirectory(Folder);
        // Written whole and renamed, so that a concurrent run never reads half a scheme.
        var temporary = PathOf(registry) + "." + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temporary, endpoint.Scheme);
        File.Move(temporary, PathOf(registry), overwrite: true);
    });

    public void Forget(string registry) => Try(() => File.Delete(PathOf(registry)));

    private string PathOf(string registry) =>
        Path.Combine(Folder, string.Concat(registry.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')));

    // The memory is a shortcut: a cache that cannot be written only means the next run probes again.
    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
