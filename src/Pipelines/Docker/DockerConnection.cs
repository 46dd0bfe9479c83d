using System.Net.Sockets;
using Docker.DotNet;

namespace Pipelines.Docker;

/// <summary>
/// Where the Docker engine listens (<c>DOCKER_HOST</c>): <c>unix:///path</c> or <c>tcp://host:port</c> (plain
/// HTTP; TLS client certificates are not supported). Opening checks that the engine answers, so a wrong
/// socket is reported before any work starts.
/// </summary>
public static class DockerConnection
{
    public const string Default = "unix:///var/run/docker.sock";

    public static async Task<DockerClient> ConnectAsync(string? host, CancellationToken ct)
    {
        var address = string.IsNullOrWhiteSpace(host) ? Default : host.Trim();
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "npipe"))
            throw new FormatException($"--docker-host {address}: expected unix:///path/to/docker.sock or tcp://host:port.");
        var client = new DockerClientConfiguration(uri).CreateClient();
        try
        {
            await client.System.PingAsync(ct);
            return client;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TimeoutException or DockerApiException
                                      || e is TaskCanceledException && !ct.IsCancellationRequested)
        {
            client.Dispose();
            var reason = uri.Scheme == "unix" && !File.Exists(uri.LocalPath) ? "no such socket" : Reason(e);
            throw new DockerEngineUnreachableException(address, reason, e);
        }
    }

    static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is SocketException socket) return socket.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused => "nothing listens there",
                SocketError.AccessDenied => "permission denied (is this user in the docker group?)",
                _ => socket.Message,
            };
        return e is DockerApiException api ? $"it answered {(int)api.StatusCode}" : e.Message;
    }
}
