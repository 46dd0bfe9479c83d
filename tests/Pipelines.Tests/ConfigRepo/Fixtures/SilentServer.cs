using System.Net;
using System.Net.Sockets;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>A server that accepts every connection on 127.0.0.1 and never answers: what a hung server looks like to a
/// client (the kernel completes the connection; nothing comes back). Keeps the connections open until disposed.</summary>
public sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly Task _loop;

    public SilentServer()
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_accepted) _accepted.Add(client);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted
    {
        get
        {
            lock (_accepted) return _accepted.Count;
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_accepted) foreach (var client in _accepted) client.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
