using System.Net;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Tests.Server;

/// <summary>A real HTTP listener on 127.0.0.1 that records every JSON body posted to it, by path.</summary>
internal sealed class NotificationReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, JsonNode Body)> _received = [];
    private readonly Task _serving;

    public NotificationReceiver()
    {
        Port = DistributionRegistry.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public IReadOnlyList<JsonNode> Received(string path)
    {
        lock (_received) return _received.Where(r => r.Path == path).Select(r => r.Body).ToList();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
                lock (_received) _received.Add((context.Request.Url!.AbsolutePath, body));
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
