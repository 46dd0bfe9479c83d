using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Pipelines.Sandbox.Registry;

/// <summary>
/// The CNCF distribution registry (Debian package docker-registry), started on a free 127.0.0.1 port from a
/// config in a temp folder: anonymous, with htpasswd basic auth or token auth, over HTTP or self-signed HTTPS,
/// optionally notifying a URL of pushes. Fails with the reason when it cannot start.
/// </summary>
public sealed class DistributionRegistry : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output;

    DistributionRegistry(string directory, int port, string scheme, Process process, StringBuilder output)
    {
        Directory = directory;
        Port = port;
        Scheme = scheme;
        _process = process;
        _output = output;
    }

    /// <summary>The temp folder holding the config and the stored blobs; deleted on dispose.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>The registry process (tests freeze it with SIGSTOP to play a hung registry).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The registry as image references name it: <c>127.0.0.1:port</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>http</c>, or <c>https</c> with <see cref="RegistryLaunchOptions.SelfSignedTls"/>.</summary>
    public string Scheme { get; }

    /// <summary>What the registry wrote to stdout and stderr (errors only: access logs are off).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<DistributionRegistry> StartAsync(RegistryLaunchOptions? options = null)
    {
        options ??= new RegistryLaunchOptions();
        var program = FindProgram("docker-registry")
            ?? throw new InvalidOperationException("docker-registry is not installed: the CNCF distribution registry comes with the Debian package docker-registry (apt-get install docker-registry).");
        var directory = Path.Combine(Path.GetTempPath(), "pipelines-registry-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort();
        var configPath = Path.Combine(directory, "config.yml");
        File.WriteAllText(configPath, Config(options, directory, port));
        var output = new StringBuilder();
        var start = new ProcessStartInfo(program, ["serve", configPath]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DistributionRegistry(directory, port, options.SelfSignedTls ? "https" : "http", process, output);
        try
        {
            await registry.WaitUntilServingAsync();
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
        return registry;
    }

    static string Config(RegistryLaunchOptions options, string directory, int port)
    {
        var config = new StringBuilder($"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}

            """);
        if (options.SelfSignedTls)
        {
            WriteSelfSignedCertificate(directory);
            config.Append($"""
                  tls:
                    certificate: {Path.Combine(directory, "tls.crt")}
                    key: {Path.Combine(directory, "tls.key")}

                """);
        }
        if (options.BasicAuth is var (user, password))
        {
            File.WriteAllText(Path.Combine(directory, "htpasswd"), Htpasswd(user, password));
            config.Append($"""
                auth:
                  htpasswd:
                    realm: pipelines-sandbox
                    path: {Path.Combine(directory, "htpasswd")}

                """);
        }
        else if (options.Token is { } token)
        {
            File.WriteAllText(Path.Combine(directory, "token.pem"), token.RootCertificatePem);
            config.Append($"""
                auth:
                  token:
                    realm: {token.Realm}
                    service: {token.Service}
                    issuer: {token.Issuer}
                    rootcertbundle: {Path.Combine(directory, "token.pem")}

                """);
        }
        if (options.NotificationsUrl is { } url)
        {
            config.Append($"""
                notifications:
                  endpoints:
                    - name: pipelines
                      url: {url}
                      timeout: 2s
                      threshold: 5
                      backoff: 1s

                """);
            if (options.NotificationsAuthorization is { } authorization)
            {
                // Under the endpoint above; a JSON string is a valid YAML flow scalar, whatever the secret holds.
                config.Append($"""
                          headers:
                            Authorization: [{System.Text.Json.JsonSerializer.Serialize(authorization)}]

                    """);
            }
        }
        return config.ToString();
    }

    static void WriteSelfSignedCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} before serving:\n{Output}");
            try
            {
                using var response = await http.GetAsync($"{Scheme}://{Host}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {Host} within 20 s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A bcrypt htpasswd line (the registry accepts bcrypt only), made by apache2-utils' htpasswd.</summary>
    static string Htpasswd(string user, string password)
    {
        var program = FindProgram("htpasswd")
            ?? throw new InvalidOperationException("htpasswd is not installed: basic auth needs it to write a bcrypt password file (apt-get install apache2-utils).");
        var start = new ProcessStartInfo(program, ["-nbB", user, password]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !line.StartsWith(user + ":$2", StringComparison.Ordinal))
            throw new InvalidOperationException($"htpasswd -nbB failed with exit code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        return line.Trim() + "\n";
    }

    /// <summary>A port free on 127.0.0.1 at the time of asking.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
        .Append("/usr/bin").Append("/usr/sbin")
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
