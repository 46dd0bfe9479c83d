using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// An HTTP forward proxy on 127.0.0.1 (what a kubeconfig's proxy-url names): requests in absolute form are sent on
/// to the server they name, and their paths are recorded, so a test can tell that traffic went through it.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false });

    private RecordingProxy(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Paths { get; } = new();

    public Uri Address { get; private set; } = null!;

    public static async Task<RecordingProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new RecordingProxy(app);
        app.Run(proxy.Forward);
        await app.StartAsync();
        proxy.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    private async Task Forward(HttpContext context)
    {
        var request = context.Request;
        Paths.Enqueue(request.Path.Value ?? "");
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), $"http://{request.Host}{request.Path}{request.QueryString}");
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0) outgoing.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!outgoing.Headers.TryAddWithoutValidation(name, values.ToArray())) outgoing.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var answer = await _forward.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
        }
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        _forward.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
