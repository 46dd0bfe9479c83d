using System.Net;
using System.Text;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Registry;

public sealed class RegistryClientTests(AnonymousRegistry fixture) : IClassFixture<AnonymousRegistry>
{
    [Fact]
    public async Task Pushed_tags_are_listed()
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(client, repository, "1.0.0");
        await TestImages.PushImageAsync(client, repository, "1.1.0");

        var tags = await client.ListTagsAsync(repository);

        Assert.Equal(["1.0.0", "1.1.0"], tags.Order());
    }

    [Fact]
    public async Task Manifest_digest_is_the_digest_the_push_returned()
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = fixture.NewRepository();
        var pushed = await TestImages.PushImageAsync(client, repository, "v1");

        var manifest = await client.GetManifestAsync(repository, "v1");
        var head = await client.HeadManifestAsync(repository, "v1");

        Assert.Equal(pushed, manifest.Digest);
        Assert.Equal(pushed, head);
        Assert.Equal(pushed, Digest.Sha256(manifest.Content));
        Assert.IsType<ImageManifest>(manifest.Parse());
    }

    [Fact]
    public async Task Tag_list_follows_Link_pagination_to_the_last_page()
    {
        var repository = fixture.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For()))
            foreach (var tag in new[] { "a", "b", "c", "d", "e", "f", "g" })
                await TestImages.PushImageAsync(pusher, repository, tag);
        var paginating = new PaginatingHandler(pageSize: 3, new SocketsHttpHandler());
        using var client = new RegistryClient(TestOptions.For(), paginating);

        var tags = await client.ListTagsAsync(repository);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], tags);
        Assert.Equal(3, paginating.Pages);
    }

    [Fact]
    public async Task Unknown_repository_is_not_found_and_the_message_names_it()
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = fixture.NewRepository("missing");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Contains(repository.Name, error.Message);
        Assert.Contains("NAME_UNKNOWN", error.Message);
    }

    [Fact]
    public async Task Unknown_tag_is_not_found()
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = fixture.NewRepository();
        await TestImages.PushImageAsync(client, repository, "1.0");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(repository, "9.9"));

        Assert.Equal(RegistryErrorKind.NotFound, error.Kind);
        Assert.Contains($"{repository.Name}:9.9", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_answers_are_retried_until_the_registry_answers(HttpStatusCode status)
    {
        var repository = fixture.NewRepository();
        var handler = new CountingHandler();
        using var client = new RegistryClient(TestOptions.For(), handler);
        await TestImages.PushImageAsync(client, repository, "1.0");
        handler.Reset();
        handler.Fail("/tags/list", status, times: 2);

        var tags = await client.ListTagsAsync(repository);

        Assert.Equal(["1.0"], tags);
        Assert.Equal(3, handler.Count("GET", "/tags/list"));
    }

    [Fact]
    public async Task Persistent_rate_limiting_fails_after_the_retries_and_says_so()
    {
        var repository = fixture.NewRepository();
        var handler = new CountingHandler();
        using var client = new RegistryClient(TestOptions.For() with { MaxRetries = 2 }, handler);
        await TestImages.PushImageAsync(client, repository, "1.0");
        handler.Reset();
        handler.Fail("/tags/list", HttpStatusCode.TooManyRequests, times: 10, body: """{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.Throttled, error.Kind);
        Assert.Contains("TOOMANYREQUESTS slow down", error.Message);
        Assert.Contains("2 retries", error.Message);
        Assert.Equal(3, handler.Count("GET", "/tags/list"));
    }

    [Fact]
    public async Task Persistent_server_errors_fail_as_server_errors()
    {
        var repository = fixture.NewRepository();
        var handler = new CountingHandler();
        using var client = new RegistryClient(TestOptions.For() with { MaxRetries = 1 }, handler);
        handler.Fail("/tags/list", HttpStatusCode.ServiceUnavailable, times: 2);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.ServerError, error.Kind);
        Assert.Contains("HTTP 503", error.Message);
    }

    [Fact]
    public async Task Forbidden_is_reported_as_denied_and_not_retried()
    {
        var repository = fixture.NewRepository();
        var handler = new CountingHandler();
        using var client = new RegistryClient(TestOptions.For(), handler);
        handler.Fail("/tags/list", HttpStatusCode.Forbidden, body: """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(repository));

        Assert.Equal(RegistryErrorKind.Denied, error.Kind);
        Assert.Contains("DENIED", error.Message);
        Assert.Equal(1, handler.Count("GET", "/tags/list"));
    }

    [Fact]
    public async Task A_registry_that_is_down_is_reported_as_unreachable()
    {
        var port = DistributionRegistry.FreePort();
        using var client = new RegistryClient(TestOptions.For() with { MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"127.0.0.1:{port}/app")));

        Assert.Equal(RegistryErrorKind.Unreachable, error.Kind);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("running", error.Message);
    }

    [Fact]
    public async Task A_registry_that_accepts_connections_but_never_answers_times_out()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var client = new RegistryClient(TestOptions.For() with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(ImageReference.Parse($"127.0.0.1:{port}/app")));

        Assert.Equal(RegistryErrorKind.Unreachable, error.Kind);
        Assert.Contains("did not answer within", error.Message);
    }

    [Fact]
    public async Task Content_that_does_not_match_the_requested_digest_is_rejected()
    {
        var repository = fixture.NewRepository();
        var handler = new CountingHandler();
        using var client = new RegistryClient(TestOptions.For(), handler);
        var digest = await TestImages.PushImageAsync(client, repository, "1.0");
        handler.ReplaceBody = request => request.RequestUri!.AbsolutePath.Contains("/manifests/") ? Encoding.UTF8.GetBytes("{}") : null;

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(repository, digest.ToString()));

        Assert.Equal(RegistryErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public async Task Requests_to_one_registry_stay_within_the_concurrency_bound()
    {
        var repository = fixture.NewRepository();
        using (var pusher = new RegistryClient(TestOptions.For()))
            await TestImages.PushImageAsync(pusher, repository, "1.0");
        var gauge = new InFlightGauge();
        using var client = new RegistryClient(TestOptions.For() with { MaxConcurrentRequestsPerRegistry = 3 }, gauge);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.HeadManifestAsync(repository, "1.0")));

        // Exactly the bound: never more, and not fewer either (one at a time would also stay "within" it, but serially).
        Assert.Equal(3, gauge.Peak);
    }

    sealed class InFlightGauge() : DelegatingHandler(new SocketsHttpHandler())
    {
        int _inFlight;
        int _peak;

        public int Peak => Volatile.Read(ref _peak);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int peak;
            while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
            {
            }
            try
            {
                // Each request stays in flight a while, so that requests the client lets overlap do overlap, on any machine.
                await Task.Delay(50, cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
