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
public sealed class RegistryClient : IDisposable
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

    /// <summary>Uploads a blob in one piece (POST to open the upload, PUT with the content and digest).</summary>
    public async Task<Digest> PushBlobAsync(ImageReference repository, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var digest = Digest.Sha256(content.Span);
        var what = $"pushing blob {digest} to {repository.Name}";
        Uri location;
        var uploads = await UrlAsync(repository, "blobs/uploads/", ct);
        using (var start = await SendAsync(repository, "pull,push", () => new HttpRequestMessage(HttpMethod.Post, uploads), what, ct))
        {
            await EnsureSuccessAsync(start, repository, what, ct);
            location = start.Headers.Location is { } l
                ? new Uri(uploads, l)
                : throw new RegistryException(RegistryErrorKind.Protocol, repository.Registry, $"Registry {repository.Registry} opened an upload without a Location header while {what}.");
        }
        var put = new UriBuilder(location);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        using var done = await SendAsync(repository, "pull,push", () => new HttpRequestMessage(HttpMethod.Put, put.Uri)
        {
            Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        }, what, ct);
        await EnsureSuccessAsync(done, repository, what, ct);
        return digest;
    }

    /// <summary>Stores a manifest under a tag or its digest; returns its digest.</summary>
    public async Task<Digest> PushManifestAsync(ImageReference repository, string reference, string mediaType, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var what = $"pushing manifest {repository.Name}{Separator(reference)}{reference}";
        var uri = await UrlAsync(repository, $"manifests/{reference}", ct);
        using var response = await SendAsync(repository, "pull,push", () => new HttpRequestMessage(HttpMethod.Put, uri)
        {
            Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }, what, ct);
        await EnsureSuccessAsync(response, repository, what, ct);
        return Digest.Sha256(content.Span);
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

    static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
            return Clamp(delta);
        if (retryAfter?.Date is { } date)
            return Clamp(date - DateTimeOffset.UtcNow);
        return null;

        static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : t;
    }

    /// <summary>One request through the concurrency bound, the retries and the authentication handshake.</summary>
    async Task<HttpResponseMessage> SendAsync(ImageReference repository, string actions, Func<HttpRequestMessage> create, string what, CancellationToken ct)
    {
        var registry = repository.Registry;
        var scope = $"repository:{repository.Repository}:{actions}";
        var limit = _limits.GetOrAdd(registry, _ => new AdaptiveConcurrencyLimit(Math.Max(1, Options.MaxConcurrentRequestsPerRegistry)));
        try
        {
            var response = await _retry.ExecuteAsync(async token =>
            {
                using (await limit.EnterAsync(token))
                {
                    var response = await SendAuthenticatedAsync(registry, scope, create, what, token);
                    if (IsTransient(response.StatusCode))
                        limit.Throttled();
                    else
                        limit.Succeeded();
                    return response;
                }
            }, ct);
            // Plain HTTP to a registry that has since moved to HTTPS: Go's and nginx's TLS ports answer 400 to plain requests.
            if (response.StatusCode != HttpStatusCode.BadRequest || response.RequestMessage?.RequestUri?.Scheme != "http" || !ForgetRecalled(registry))
                return response;
            response.Dispose();
        }
        catch (HttpRequestException) when (ForgetRecalled(registry))
        {
            // The endpoint an earlier run found no longer answers (the registry changed protocol, or is down): probed again below.
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(registry, what, e, await BaseUriAsync(registry, ct));
        }
        // The endpoint remembered from an earlier run is forgotten: probe anew, and send to what the probe finds.
        var probed = await BaseUriAsync(registry, ct);
        return await SendAsync(repository, actions, () => Rebased(create(), probed), what, ct);
    }

    async Task<HttpResponseMessage> SendAuthenticatedAsync(string registry, string scope, Func<HttpRequestMessage> create, string what, CancellationToken ct)
    {
        var response = await SendOnceAsync(registry, scope, create, what, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized
            || AuthenticationChallenge.From(response.Headers.WwwAuthenticate) is not { } challenge
            || !_authenticator.Challenged(registry, scope, challenge, response.RequestMessage?.Headers.Authorization is not null))
            return response;
        var retried = await SendOnceAsync(registry, scope, create, what, ct);
        if (retried.RequestMessage?.Headers.Authorization is null && retried.StatusCode == HttpStatusCode.Unauthorized)
        {
            retried.Dispose();
            return response;
        }
        response.Dispose();
        return retried;
    }

    async Task<HttpResponseMessage> SendOnceAsync(string registry, string scope, Func<HttpRequestMessage> create, string what, CancellationToken ct)
    {
        var request = create();
        request.Headers.Authorization = await _authenticator.HeaderAsync(registry, scope, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.RequestTimeout);
        using var waiting = Options.Watch is { } watch ? new CancellationTokenSource() : null;
        if (Options.Watch is { } told)
        {
            _ = Task.Delay(told.After, Time, waiting!.Token).ContinueWith(_ => told.Unanswered(registry), waiting.Token,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            RegistryMetrics.Requests.Add(1, new("method", request.Method.Method), new("status", (int)response.StatusCode));
            Options.Watch?.Answered(registry);
            return response;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RegistryException(RegistryErrorKind.Unreachable, registry,
                $"Registry {registry} did not answer within {Options.RequestTimeout.TotalSeconds:0.#} s while {what}. Check that it is up and reachable, or raise --registry-timeout.", inner: e);
        }
        finally
        {
            waiting?.Cancel();
        }
    }

    static RegistryException Unreachable(string registry, string what, HttpRequestException e, Uri baseUri)
    {
        var advice = e.InnerException is AuthenticationException
            ? $"Its TLS certificate is not trusted: install the CA certificate on this machine, or, if it serves plain HTTP, list it in --insecure-registries."
            : baseUri.Scheme == "https"
                ? "Check the host name and port and that the registry is running; if it serves plain HTTP, list it in --insecure-registries."
                : "Check the host name and port and that the registry is running.";
        return new RegistryException(RegistryErrorKind.Unreachable, registry,
            $"Cannot connect to registry {registry} at {baseUri} while {what}: {e.Message}. {advice}", inner: e);
    }

    async Task EnsureSuccessAsync(HttpResponseMessage response, ImageReference repository, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var registry = repository.Registry;
        var status = (int)response.StatusCode;
        var detail = await ErrorDetailAsync(response, ct);
        var credential = await _authenticator.CredentialAsync(registry, ct);
        var who = credential is null ? "anonymous access" : $"user '{credential.Username}' (from {credential.Source})";
        var retries = Options.MaxRetries;
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new RegistryException(RegistryErrorKind.Unauthorized, registry,
                $"Registry {registry} refused {who} while {what} (HTTP 401{detail}). " +
                (credential is null
                    ? $"Pass --registry-username and --registry-password, or run docker login {registry}."
                    : "Check the user name and password, and that the user may read this repository."),
                response.StatusCode),
            HttpStatusCode.Forbidden => new RegistryException(RegistryErrorKind.Denied, registry,
                $"Registry {registry} denied {who} while {what} (HTTP 403{detail}). Ask the registry's administrator for access to {repository.Repository}, or use other credentials.",
                response.StatusCode),
            HttpStatusCode.NotFound => new RegistryException(RegistryErrorKind.NotFound, registry,
                $"Registry {registry} has no such repository, tag or blob: {what} gave HTTP 404{detail}. Check the repository name and tag.",
                response.StatusCode),
            HttpStatusCode.TooManyRequests => new RegistryException(RegistryErrorKind.Throttled, registry,
                $"Registry {registry} kept rate-limiting requests (HTTP 429{detail}) while {what}, also after {retries} retries with backoff. Wait and try again, or log in: registries allow authenticated users more requests.",
                response.StatusCode),
            _ when status >= 500 => new RegistryException(RegistryErrorKind.ServerError, registry,
                $"Registry {registry} failed with HTTP {status}{detail} while {what}, also after {retries} retries with backoff. Check the registry's health and try again.",
                response.StatusCode),
            HttpStatusCode.BadRequest when response.RequestMessage?.RequestUri?.Scheme == "http" => new RegistryException(RegistryErrorKind.Protocol, registry,
                $"Registry {registry} answered HTTP 400{detail} to plain HTTP while {what}. If it serves HTTPS, list it in --insecure-registries (its certificate is then not checked) or use a host name it has a trusted certificate for.",
                response.StatusCode),
            _ => new RegistryException(RegistryErrorKind.Protocol, registry,
                $"Registry {registry} answered HTTP {status}{detail} while {what}.",
                response.StatusCode),
        };
    }

    /// <summary>The distribution API's error body, <c>{"errors":[{"code","message"}]}</c>, as ": CODE message".</summary>
    static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (body.Length == 0)
                return "";
            using var json = JsonDocument.Parse(body);
            var errors = json.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => $"{(e.TryGetProperty("code", out var c) ? c.GetString() : "")} {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}".Trim())
                .Where(s => s.Length > 0)
                .ToList();
            return errors.Count == 0 ? "" : ": " + string.Join("; ", errors);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "";
        }
    }
}
