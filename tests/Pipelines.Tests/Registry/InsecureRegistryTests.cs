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

    [Fact]
    public async Task The_probe_answer_is_remembered_so_the_next_run_goes_straight_to_plain_HTTP()
    {
        var (repository, options) = await PlainRegistryListedAsInsecureAsync();
        using (var first = new RegistryClient(options))
            await first.ListTagsAsync(repository);

        var schemes = new SchemeRecorder();
        using var next = new RegistryClient(options, schemes);

        Assert.Equal(["1.0"], await next.ListTagsAsync(repository));
        Assert.Equal(["http"], schemes.Schemes.Distinct());
    }

    [Fact]
    public async Task A_remembered_endpoint_that_no_longer_answers_is_probed_again_and_the_request_succeeds()
    {
        var (repository, options) = await PlainRegistryListedAsInsecureAsync();
        // An earlier run found HTTPS here; the registry has since moved to plain HTTP.
        new EndpointMemory(options.ResolvedCacheDirectory, TimeProvider.System).Remember(plain.Registry.Host, RegistryEndpoint.Https(plain.Registry.Host));

        using (var client = new RegistryClient(options))
            Assert.Equal(["1.0"], await client.ListTagsAsync(repository));

        Assert.Equal(RegistryEndpoint.Http(plain.Registry.Host), new EndpointMemory(options.ResolvedCacheDirectory, TimeProvider.System).Recall(plain.Registry.Host));
    }

    [Fact]
    public async Task A_registry_remembered_as_plain_HTTP_that_moved_to_HTTPS_is_probed_again()
    {
        var options = TestOptions.For() with { InsecureRegistries = [tls.Registry.Host] };
        var repository = tls.NewRepository();
        using (var pusher = new RegistryClient(options))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        new EndpointMemory(options.ResolvedCacheDirectory, TimeProvider.System).Remember(tls.Registry.Host, RegistryEndpoint.Http(tls.Registry.Host));

        using (var client = new RegistryClient(options))
            Assert.Equal(["1.0"], await client.ListTagsAsync(repository));

        Assert.Equal(RegistryEndpoint.Https(tls.Registry.Host), new EndpointMemory(options.ResolvedCacheDirectory, TimeProvider.System).Recall(tls.Registry.Host));
    }

    /// <summary>A repository with tag 1.0 in the plain-HTTP registry, and options that list that registry as insecure.</summary>
    private async Task<(ImageReference Repository, RegistryOptions Options)> PlainRegistryListedAsInsecureAsync()
    {
        var repository = plain.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For()))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        return (repository, TestOptions.For() with { InsecureRegistries = [plain.Registry.Host] });
    }

    sealed class SchemeRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        readonly System.Collections.Concurrent.ConcurrentQueue<string> _schemes = new();

        public IEnumerable<string> Schemes => _schemes;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _schemes.Enqueue(request.RequestUri!.Scheme);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
