using Pipelines.Sandbox.Targets;

namespace Pipelines.Sandbox.Tests.Targets;

public sealed class RegistryPullTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/shop/web:1.2", "/v2/shop/web/manifests/1.2")]
    [InlineData("127.0.0.1:5000/shop/web", "/v2/shop/web/manifests/latest")]
    [InlineData("127.0.0.1:5000/shop/web:1.2@sha256:abc", "/v2/shop/web/manifests/sha256:abc")]
    [InlineData("127.0.0.1:5000/shop/web@sha256:abc", "/v2/shop/web/manifests/sha256:abc")]
    [InlineData("docker.io/shop/web:1.2", null)]
    [InlineData("127.0.0.1:50000/shop/web:1.2", null)]
    public void Pulls_the_digest_when_there_is_one_and_only_from_its_registry(string image, string? expected) =>
        Assert.Equal(expected, RegistryPull.ManifestPath("127.0.0.1:5000", image));
}
