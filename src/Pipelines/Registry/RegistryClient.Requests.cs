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

/// <summary>How one request is sent: a token or Basic credentials as the registry asks, retries of 429 and 5xx with
/// backoff (and Retry-After), and every failure turned into a <see cref="RegistryException"/> that says what to do.</summary>
public sealed partial class RegistryClient
{
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
