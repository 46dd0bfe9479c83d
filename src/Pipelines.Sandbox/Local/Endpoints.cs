using System.Net;
using System.Net.Sockets;

namespace Pipelines.Sandbox.Local;

/// <summary>Ports and "does it answer" probes for the sandbox's processes.</summary>
public static class Endpoints
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> HttpAnswersAsync(string url, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            return (int)response.StatusCode < 500;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public static async Task<bool> TcpAnswersAsync(int port, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Docker's <c>/_ping</c> over a unix socket.</summary>
    public static async Task<bool> DockerAnswersAsync(string host, CancellationToken cancellationToken = default)
    {
        if (!host.StartsWith("unix://", StringComparison.Ordinal)) return false;
        var socketPath = host["unix://".Length..];
        if (!File.Exists(socketPath)) return false;
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync("http://docker/_ping", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    /// <summary>Polls until <paramref name="probe"/> says yes, the process dies, or the time runs out; the error names the log.</summary>
    public static async Task WaitAsync(string what, int pid, string log, Func<Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe()) return;
            if (!DetachedProcess.IsAlive(pid))
            {
                throw new global::Pipelines.Targets.BuildFailure($"{what} exited before answering; its log ({log}) ends:\n{Tail(log)}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new global::Pipelines.Targets.BuildFailure($"{what} did not answer within {timeout.TotalSeconds:0}s; its log ({log}) ends:\n{Tail(log)}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static string Tail(string log) => File.Exists(log) ? string.Join('\n', File.ReadAllLines(log).TakeLast(15)) : "(empty)";
}
