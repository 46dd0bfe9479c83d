using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Registry;

public sealed class SelfSignedTlsRegistry : RegistryFixture
{
    protected override Task<DistributionRegistry> StartAsync() => TestRegistries.StartWithSelfSignedTlsAsync();
}

public sealed class InsecureRegistryTests(SelfSignedTlsRegistry tls, AnonymousRegistry plain)
    : IClassFixture<SelfSignedTlsRegistry>, IClassFixture<AnonymousRegistry>
{
    [Fact]
    public async Task A_listed_insecure_registry_is_spoken_to_over_HTTPS_without_certificate_checks()
    {
        using var client = new RegistryClient(TestOptions.For() with { InsecureRegistries = [tls.Registry.Host] });
        var repository = tls.NewRepository();

        await TestImages.PushImageAsync(client, repository, "1.0");

        Assert.Equal(["1.0"], await client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task A_listed_insecure_registry_without_TLS_falls_back_to_plain_HTTP()
    {
        var repository = plain.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For()))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        using var client = new RegistryClient(TestOptions.For() with { InsecureRegistries = [plain.Registry.Host] });

        Assert.Equal(["1.0"], await client.ListTagsAsync(repository));
    }

    [Fact]
    public async Task A_loopback_registry_that_serves_only_HTTPS_gets_advice_to_list_it_as_insecure()
    {
        using var client = new RegistryClient(TestOptions.For());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(tls.NewRepository()));

        Assert.Equal(RegistryErrorKind.Protocol, error.Kind);
        Assert.Contains("--insecure-registries", error.Message);
    }
}
