using System.Net;
using Pipelines.Diagnostics;
using Polly.Retry;
using Polly.Timeout;
using Polly;

namespace Pipelines.Kubernetes;

/// <summary>
/// Under every request KubernetesClient and <see cref="KubeApi"/> make: a deadline per attempt, and retries with backoff
/// as <see cref="KubeRequestPolicy"/> decides (Polly does the waiting). A watch gets retries for its first answer but no
/// deadline: it is meant to stay open.
/// </summary>
internal sealed class KubeRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> Request = new("pipelines.kube-request");
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly KubeRequestPolicy _policy;

    public KubeRetryHandler(KubeRequestPolicy policy, ILog? log, TimeProvider? clock = null)
    {
        _policy = policy;
        var time = clock ?? TimeProvider.System;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = policy.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.FirstDelay,
                MaxDelay = policy.MaxDelay,
                ShouldHandle = args =>
                {
                    var request = args.Context.Properties.GetValue(Request, null!);
                    var contentType = request.Content?.Headers.ContentType?.MediaType;
                    var retry = args.Outcome switch
                    {
                        { Result: { StatusCode: HttpStatusCode.InternalServerError, Headers.RetryAfter: not null } } => true,
                        { Result: { } response } => KubeRequestPolicy.ShouldRetry(request.Method, contentType, response.StatusCode, failedToAnswer: false),
                        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => KubeRequestPolicy.ShouldRetry(request.Method, contentType, null, failedToAnswer: true),
                        _ => false,
                    };
                    return ValueTask.FromResult(retry);
                },
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError } response
                    ? policy.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow())
                    : null),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(Request, null!);
                    var what = args.Outcome.Result is { } response ? $"answered {(int)response.StatusCode} {response.ReasonPhrase}" : $"failed ({args.Outcome.Exception?.Message})";
                    log?.Debug($"The Kubernetes API {what} to {request.Method} {request.RequestUri?.AbsolutePath}; retrying in {args.RetryDelay.TotalSeconds:0.0}s ({args.AttemptNumber + 1} of {policy.MaxRetries} retries).");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Request, request);
        var watch = request.RequestUri?.Query is { } query && (query.Contains("watch=true", StringComparison.Ordinal) || query.Contains("watch=1", StringComparison.Ordinal));
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(async (ctx, state) =>
            {
                try
                {
                    if (state.watch) return Outcome.FromResult(await state.handler.BaseSendAsync(state.request, ctx.CancellationToken));
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ctx.CancellationToken);
                    deadline.CancelAfter(state.handler._policy.Timeout);
                    try
                    {
                        return Outcome.FromResult(await state.handler.BaseSendAsync(state.request, deadline.Token));
                    }
                    catch (OperationCanceledException) when (!ctx.CancellationToken.IsCancellationRequested)
                    {
                        return Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException(
                            $"no answer within {state.handler._policy.Timeout.TotalSeconds:0.#}s (--kube-timeout)"));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    return Outcome.FromException<HttpResponseMessage>(e);
                }
            }, context, (handler: this, request, watch));
            if (outcome.Exception is TimeoutRejectedException timeout)
            {
                throw new HttpRequestException($"the Kubernetes API gave {request.Method} {request.RequestUri?.AbsolutePath} {timeout.Message}", timeout);
            }
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> BaseSendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);
}
