namespace Pipelines.Registry;

/// <summary>
/// The parameter values the registry client needs, as targets receive them
/// (<c>--registry-username</c>, <c>--registry-password</c>, <c>--platform</c>, <c>--insecure-registries</c>, ...).
/// The password is a secret: <see cref="ToString"/> never shows it.
/// </summary>
public sealed record RegistryOptions
{
    /// <summary>Used with <see cref="Password"/> for every registry; when absent, <c>~/.docker/config.json</c> is read.</summary>
    public string? Username { get; init; }

    /// <summary>A password or access token. Secret.</summary>
    public string? Password { get; init; }

    /// <summary>The platform picked from multi-platform images, <c>os/arch[/variant]</c>.</summary>
    public string Platform { get; init; } = "linux/amd64";

    /// <summary>
    /// Registry hosts (with port, if any) tried over HTTPS without certificate checks, then over plain HTTP, as
    /// the Docker engine treats them. Loopback hosts not listed here are plain HTTP; every other host is HTTPS
    /// with certificate checks.
    /// </summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>Where tag and image metadata is cached; null means <c>$XDG_CACHE_HOME/pipelines/registry</c> or <c>~/.cache/pipelines/registry</c>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The Docker client config; null means <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>At most this many requests are in flight to one registry; halved while it answers 429 or 5xx.</summary>
    public int MaxConcurrentRequestsPerRegistry { get; init; } = 8;

    /// <summary>How long one request may take before the registry is reported as not answering.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Told of requests that go unanswered for a while, and of answers (the Watch service's health); null: nobody.</summary>
    public RegistryRequestWatch? Watch { get; init; }

    /// <summary>Retries of a request answered with 429 or 5xx, or that could not connect.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry waits about this long; each further one twice as long (with jitter), unless the registry sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A tag is checked again (by HEAD) this long after it was first seen or after it moved.</summary>
    public TimeSpan TagRefreshMinimum { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Each check that finds a tag unchanged doubles its interval, up to this.</summary>
    public TimeSpan TagRefreshMaximum { get; init; } = TimeSpan.FromHours(6);

    public string ResolvedCacheDirectory =>
        CacheDirectory ?? Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "pipelines", "registry");

    public string ResolvedDockerConfigPath =>
        DockerConfigPath ?? Path.Combine(
            Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir
                ? dir
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"),
            "config.json");

    public override string ToString() =>
        $"RegistryOptions {{ Username = {Username ?? "(none)"}, Password = {(Password is null ? "(none)" : "***")}, Platform = {Platform}, " +
        $"InsecureRegistries = [{string.Join(", ", InsecureRegistries)}], CacheDirectory = {ResolvedCacheDirectory} }}";
}
