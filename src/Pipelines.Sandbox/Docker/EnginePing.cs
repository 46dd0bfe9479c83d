using System.Net.Sockets;

namespace Pipelines.Sandbox.Docker;

/// <summary>Asks a Docker engine address (<c>unix:///…</c> or <c>tcp://…</c>) for <c>/_ping</c>.</summary>
static class EnginePing
{
    public static async Task<bool> AnswersAsync(string host, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme == "unix" && !File.Exists(uri.LocalPath)) return false;
        var handler = new SocketsHttpHandler();
        var baseAddress = uri.Scheme == "unix" ? new Uri("http://docker/") : new Uri($"http://{uri.Authority}/");
        if (uri.Scheme == "unix")
        {
            handler.ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.LocalPath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync("_ping", ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
