using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipelines.Benchmarks;

/// <summary>Debian's docker-registry (CNCF distribution) on a free 127.0.0.1 port, anonymous, storage in a temp folder.</summary>
sealed class LocalRegistry : IAsyncDisposable
{
    readonly Process _process;

    LocalRegistry(Process process, string directory, int port) => (_process, Directory, Port) = (process, directory, port);

    public string Directory { get; }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public static async Task<LocalRegistry> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pipelines-bench-registry").FullName;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = Path.Combine(directory, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
            http:
              addr: 127.0.0.1:{port}
            """);
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("docker-registry did not start; apt-get install docker-registry");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var registry = new LocalRegistry(process, directory, port);
        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await http.GetAsync($"http://{registry.Host}/v2/");
                if (response.IsSuccessStatusCode)
                    return registry;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        await registry.DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on {registry.Host} within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
