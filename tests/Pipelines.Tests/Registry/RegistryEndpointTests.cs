using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class RegistryEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("localhost", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com", false)]
    [InlineData("127.example.com", false)]
    [InlineData("10.0.0.1:5000", false)]
    public void Loopback_hosts_are_recognised(string registry, bool loopback)
    {
        Assert.Equal(loopback, RegistryEndpoint.IsLoopback(registry));
    }

    [Fact]
    public void Insecure_registries_match_by_host_and_port_whatever_the_entry_is_written_as()
    {
        Assert.True(RegistryEndpoint.IsInsecure("registry.lan:5000", ["registry.lan:5000"]));
        Assert.True(RegistryEndpoint.IsInsecure("registry.lan:5000", ["http://registry.lan:5000/"]));
        Assert.False(RegistryEndpoint.IsInsecure("registry.lan:5001", ["registry.lan:5000"]));
        Assert.False(RegistryEndpoint.IsInsecure("registry.lan", []));
    }

    [Fact]
    public void Only_insecure_hosts_may_skip_certificate_checks()
    {
        Assert.True(RegistryEndpoint.AllowsUnverifiedTls("registry.lan", ["registry.lan:5000"]));
        Assert.False(RegistryEndpoint.AllowsUnverifiedTls("registry.example.com", ["registry.lan:5000"]));
        Assert.False(RegistryEndpoint.AllowsUnverifiedTls("127.0.0.1", []));
    }

    [Fact]
    public void Docker_hub_is_reached_at_its_API_host()
    {
        Assert.Equal("https://registry-1.docker.io/", RegistryEndpoint.Https("docker.io").ToString());
        Assert.Equal("https://quay.io/", RegistryEndpoint.Https("quay.io").ToString());
    }
}
