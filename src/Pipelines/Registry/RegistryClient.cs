using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Text.Json;
using Pipelines.Images;
using Polly;
using Polly.Retry;

namespace Pipelines.Registry;

/// <summary>
/// A client for the OCI distribution API: tags, manifests, blobs, and pushing them. It authenticates
/// (anonymous, Basic, bearer token), bounds concurrent requests per registry, and retries 429 and 5xx with
/// exponential backoff while halving the request rate. HTTPS with certificate checks, except as
/// <see cref="RegistryEndpoint"/> says for loopback and insecure registries. Every failure is a <see cref="RegistryException"/>.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    readonly HttpClient _http;
    readonly RegistryAuthenticator _authenticator;
    readonly ResiliencePipeline<HttpResponseMessage> _retry;
    readonly ConcurrentDictionary<string, AdaptiveConcurrencyLimit> _limits = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, Task<Uri>> _insecureEndpoints = new(StringComparer.OrdinalIgnoreCase);
    // Insecure registries whose endpoint this client took from the memory of an earlier run rather than probed.
    readonly ConcurrentDictionary<string, bool> _recalled = new(StringComparer.OrdinalIgnoreCase);
    readonly EndpointMemory _endpointMemory;

    /// <param name="transport">The HTTP handler to send through; tests pass one that counts or injects faults.</param>
    /// <param name="credentialHelperPath">Folders searched for <c>docker-credential-*</c>; PATH by default.</param>
    public RegistryClient(RegistryOptions options, HttpMessageHandler? transport = null, TimeProvider? time = null, IReadOnlyList<string>? credentialHelperPath = null)
    {
        Options = options;
        Time = time ?? TimeProvider.System;
        Platform = Images.Platform.Parse(options.Platform);
        _endpointMemory = new EndpointMemory(options.ResolvedCacheDirectory, Time);
        _http = new HttpClient(transport ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RequestTimeout,
            MaxConnectionsPerServer = Math.Max(1, options.MaxConcurrentRequestsPerRegistry),
            AutomaticDecompression = DecompressionMethods.All,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                    errors == SslPolicyErrors.None
                    || sender is SslStream stream && RegistryEndpoint.AllowsUnverifiedTls(stream.TargetHostName, options.InsecureRegistries),
            },
        }, disposeHandler: transport is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pipelines", "1.0"));
        _authenticator = new RegistryAuthenticator(_http, new RegistryCredentialResolver(options, credentialHelperPath), Time, options.RequestTimeout);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    // A failed TLS handshake (untrusted certificate, or a plain-HTTP server) fails the same way every time.
                    { Exception: HttpRequestException { InnerException: AuthenticationException } } => false,
                    { Exception: HttpRequestException } => true,
                    { Result: { } response } => IsTransient(response.StatusCode),
                    _ => false,
                }),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(60),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }
        _retry = builder.Build();
    }

    public RegistryOptions Options { get; }

    /// <summary>The platform picked from multi-platform images.</summary>
    public Platform Platform { get; }

    internal TimeProvider Time { get; }

    /// <summary>Every tag of the repository, following <c>Link</c> pagination when the registry paginates.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken ct = default)
    {
        var what = $"listing the tags of {repository.Name}";
        var tags = new List<string>();
        var visited = new HashSet<Uri>();
        Uri? page = await UrlAsync(repository, "tags/list", ct);
        while (page is not null && visited.Add(page))
        {
            var uri = page;
            using var response = await SendAsync(repository, "pull", () => new HttpRequestMessage(HttpMethod.Get, uri), what, ct);
            await EnsureSuccessAsync(response, repository, what, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                    tags.AddRange(list.EnumerateArray().Select(t => t.GetString()).OfType<string>());
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new RegistryException(RegistryErrorKind.Malformed, repository.Registry,
                    $"Registry {repository.Registry} answered {what} with something that is not a tag list ({e.Message}).");
            }
            page = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.Next(links, uri) : null;
        }
        return tags;
    }

    /// <summary>The manifest for a tag or digest, in any of <see cref="ManifestMediaTypes.Accepted"/>.</summary>
    public async Task<ManifestResponse> GetManifestAsync(ImageReference repository, string reference, CancellationToken ct = default)
    {
        var what = $"reading manifest {repository.Name}{Separator(reference)}{reference}";
        var uri = await UrlAsync(repository, $"manifests/{reference}", ct);
        using var response = await SendAsync(repository, "pull", () => ManifestRequest(HttpMethod.Get, uri), what, ct);
        await EnsureSuccessAsync(response, repository, what, ct);
        var content = await response.Content.ReadAsByteArrayAsync(ct);
        var computed = Digest.Sha256(content);
        if (Digest.TryParse(reference, out var asked, out _) && asked != computed)
            throw new RegistryException(RegistryErrorKind.Malformed, repository.Registry,
                $"Registry {repository.Registry} served content for {repository.Name}@{asked} whose digest is {computed}; the registry or a proxy in between is corrupting manifests.");
        var digest = DigestHeader(response) ?? computed;
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        return new ManifestResponse(digest, mediaType, content);
    }

    /// <summary>
    /// The digest a tag points at, by <c>HEAD</c>, which registries do not count as a pull.
    /// Null when the registry does not send <c>Docker-Content-Digest</c>.
    /// </summary>
    public async Task<Digest?> HeadManifestAsync(ImageReference repository, string reference, CancellationToken ct = default)
    {
        var what = $"checking manifest {repository.Name}{Separator(reference)}{reference}";
        var uri = await UrlAsync(repository, $"manifests/{reference}", ct);
        using var response = await SendAsync(repository, "pull", () => ManifestRequest(HttpMethod.Head, uri), what, ct);
        await EnsureSuccessAsync(response, repository, what, ct);
        return DigestHeader(response);
    }

    public async Task<byte[]> GetBlobAsync(ImageReference repository, Digest digest, CancellationToken ct = default)
    {
        var what = $"reading blob {digest} of {repository.Name}";
        var uri = await UrlAsync(repository, $"blobs/{digest}", ct);
        using var response = await SendAsync(repository, "pull", () => new HttpRequestMessage(HttpMethod.Get, uri), what, ct);
        await EnsureSuccessAsync(response, repository, what, ct);
        var content = await response.Content.ReadAsByteArrayAsync(ct);
        if (Digest.Sha256(content) != digest)
            throw new RegistryException(RegistryErrorKind.Malformed, repository.Registry,
                $"Registry {repository.Registry} served blob {digest} of {repository.Name} with different content; the registry or a proxy in between is corrupting blobs.");
        return content;
    }

    public void Dispose() => _http.Dispose();

    static string Separator(string reference) => reference.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":";

    async Task<Uri> UrlAsync(ImageReference repository, string path, CancellationToken ct) =>
        new(await BaseUriAsync(repository.Registry, ct), $"v2/{repository.Repository}/{path}");

    /// <summary>
    /// The registry's base URI (see <see cref="RegistryEndpoint"/>). For an insecure registry, the first call
    /// asks <c>/v2/</c> over HTTPS: any HTTP answer settles on HTTPS, a failed connection or handshake on HTTP;
    /// the answer is remembered for later runs (<see cref="EndpointMemory"/>).
    /// </summary>
    Task<Uri> BaseUriAsync(string registry, CancellationToken ct)
    {
        if (RegistryEndpoint.IsInsecure(registry, Options.InsecureRegistries))
        {
            var probe = _insecureEndpoints.GetOrAdd(registry, r =>
            {
                if (_endpointMemory.Recall(r) is not { } remembered) return ProbeAsync(r, ct);
                _recalled[r] = true;
                return Task.FromResult(remembered);
            });
            if (probe.IsCanceled)
                _insecureEndpoints.TryRemove(KeyValuePair.Create(registry, probe));
            return probe;
        }
        return Task.FromResult(RegistryEndpoint.IsLoopback(registry) ? RegistryEndpoint.Http(registry) : RegistryEndpoint.Https(registry));
    }

    async Task<Uri> ProbeAsync(string registry, CancellationToken ct)
    {
        var https = RegistryEndpoint.Https(registry);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            using var response = await _http.GetAsync(new Uri(https, "v2/"), timeout.Token);
            _endpointMemory.Remember(registry, https);
            return https;
        }
        catch (HttpRequestException)
        {
            _endpointMemory.Remember(registry, RegistryEndpoint.Http(registry));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // No answer either way: not worth remembering.
        }
        return RegistryEndpoint.Http(registry);
    }

    static HttpRequestMessage Rebased(HttpRequestMessage request, Uri baseUri)
    {
        request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = baseUri.Scheme, Port = baseUri.Port }.Uri;
        return request;
    }

    /// <summary>True when the registry's endpoint came from memory: it is forgotten (here and on disk), so the next request probes anew.</summary>
    bool ForgetRecalled(string registry)
    {
        if (!_recalled.TryRemove(registry, out _)) return false;
        _insecureEndpoints.TryRemove(registry, out _);
        _endpointMemory.Forget(registry);
        return true;
    }

    static HttpRequestMessage ManifestRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var type in ManifestMediaTypes.Accepted)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    static Digest? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest, out _)
            ? digest
            : null;
}
