using System.Net;

namespace Pipelines.Registry;

/// <summary>
/// Where a registry host is reached: HTTPS (certificates checked) unless the host is loopback or listed
/// in <c>--insecure-registries</c>. Docker Hub's API lives at <c>registry-1.docker.io</c>.
/// </summary>
public static class RegistryEndpoint
{
    public static Uri BaseUri(string registry, IReadOnlyCollection<string> insecureRegistries)
    {
        var host = registry == Images.ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        var scheme = IsPlainHttpAllowed(registry, insecureRegistries) ? "http" : "https";
        return new Uri($"{scheme}://{host}/");
    }

    public static bool IsPlainHttpAllowed(string registry, IReadOnlyCollection<string> insecureRegistries) =>
        IsLoopback(registry) || insecureRegistries.Any(r => string.Equals(Normalise(r), registry, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>localhost</c>, <c>127.0.0.0/8</c> and <c>[::1]</c>, with or without a port.</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostWithoutPort(registry);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    static string HostWithoutPort(string registry)
    {
        if (registry.StartsWith('['))
            return registry[..(registry.IndexOf(']') + 1)];
        var colon = registry.LastIndexOf(':');
        return colon < 0 ? registry : registry[..colon];
    }

    /// <summary>Users write insecure registries as <c>host:port</c>, sometimes with a scheme or trailing slash.</summary>
    static string Normalise(string entry)
    {
        var text = entry.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            text = text[(scheme + 3)..];
        return text.TrimEnd('/');
    }
}
