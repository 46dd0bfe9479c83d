using System.Net;

namespace Pipelines.Registry;

/// <summary>
/// How a registry host is spoken to. Every registry is HTTPS with certificate checks, except:
/// loopback hosts (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) are plain HTTP, as local
/// development registries are; hosts listed in <c>--insecure-registries</c> are tried over HTTPS without
/// certificate checks first and over plain HTTP when HTTPS fails, as the Docker engine does.
/// Docker Hub's API lives at <c>registry-1.docker.io</c>.
/// </summary>
internal static class RegistryEndpoint
{
    public static Uri Https(string registry) => new($"https://{ApiHost(registry)}/");

    public static Uri Http(string registry) => new($"http://{ApiHost(registry)}/");

    /// <summary>Listed in <c>--insecure-registries</c> (by host and port; a scheme or trailing slash is ignored).</summary>
    public static bool IsInsecure(string registry, IReadOnlyCollection<string> insecureRegistries) =>
        insecureRegistries.Any(r => string.Equals(Normalise(r), registry, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a TLS certificate of this host may go unchecked: the host (port aside) of a listed insecure registry.</summary>
    public static bool AllowsUnverifiedTls(string host, IReadOnlyCollection<string> insecureRegistries) =>
        insecureRegistries.Any(r => string.Equals(HostWithoutPort(Normalise(r)).Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    /// <summary><c>localhost</c>, <c>127.0.0.0/8</c> and <c>[::1]</c>, with or without a port.</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostWithoutPort(registry);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    static string ApiHost(string registry) => registry == Images.ImageReference.DockerHub ? "registry-1.docker.io" : registry;

    static string HostWithoutPort(string registry)
    {
        if (registry.StartsWith('['))
            return registry[..(registry.IndexOf(']') + 1)];
        var colon = registry.LastIndexOf(':');
        return colon < 0 ? registry : registry[..colon];
    }

    static string Normalise(string entry)
    {
        var text = entry.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            text = text[(scheme + 3)..];
        return text.TrimEnd('/');
    }
}
