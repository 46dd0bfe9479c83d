using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipelines.Tests.Registry;

/// <summary>
/// The CNCF distribution registry (Debian's docker-registry), started on a free 127.0.0.1 port from a config
/// in a temp folder: anonymous, with htpasswd basic auth, or with token auth against a <see cref="TokenServer"/>.
/// Fails with the reason when it cannot start; never skips.
/// </summary>
public sealed class DistributionRegistry : IAsyncDisposable
{
    public const string Username = "alice";
    public const string Password = "s3cret-Passw0rd";
    readonly Process _process;
    readonly StringBuilder _output;

    DistributionRegistry(string directory, int port, Process process, StringBuilder output, TokenServer? tokens)
    {
        Directory = directory;
        Port = port;
        _process = process;
        _output = output;
        Tokens = tokens;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The registry as image references name it: <c>127.0.0.1:port</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public TokenServer? Tokens { get; }

    public string Scheme { get; private init; } = "http";

    public static Task<DistributionRegistry> StartAnonymousAsync() => StartAsync(_ => "");

    /// <summary>Anonymous, serving HTTPS with a self-signed certificate for 127.0.0.1 that no one trusts.</summary>
    public static Task<DistributionRegistry> StartWithSelfSignedTlsAsync() => StartAsync(dir =>
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(dir, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return "";
    }, tls: true);

    public static Task<DistributionRegistry> StartWithBasicAuthAsync() => StartAsync(dir =>
    {
        File.WriteAllText(Path.Combine(dir, "htpasswd"), Htpasswd(Username, Password));
        return $"""
            auth:
              htpasswd:
                realm: pipelines-test
                path: {Path.Combine(dir, "htpasswd")}
            """;
    });

    public static async Task<DistributionRegistry> StartWithTokenAuthAsync()
    {
        var tokens = TokenServer.Start(new Dictionary<string, string> { [Username] = Password });
        try
        {
            return await StartAsync(dir =>
            {
                File.WriteAllText(Path.Combine(dir, "token.pem"), tokens.CertificatePem);
                return $"""
                    auth:
                      token:
                        realm: {tokens.Realm}
                        service: {TokenServer.Service}
                        issuer: {TokenServer.Issuer}
                        rootcertbundle: {Path.Combine(dir, "token.pem")}
                    """;
            }, tokens);
        }
        catch
        {
            tokens.Dispose();
            throw;
        }
    }

    static async Task<DistributionRegistry> StartAsync(Func<string, string> authSection, TokenServer? tokens = null, bool tls = false)
    {
        var program = FindProgram("docker-registry")
            ?? throw new InvalidOperationException("docker-registry is not installed: the registry tests need the CNCF distribution registry (apt-get install docker-registry).");
        var directory = Path.Combine(Path.GetTempPath(), "pipelines-registry-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort();
        var auth = authSection(directory);
        var tlsSection = tls
            ? $"""

                  tls:
                    certificate: {Path.Combine(directory, "tls.crt")}
                    key: {Path.Combine(directory, "tls.key")}
                """
            : "";
        var config = $"""
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
              addr: 127.0.0.1:{port}{tlsSection}
            {auth}
            """;
        var configPath = Path.Combine(directory, "config.yml");
        File.WriteAllText(configPath, config);
        var output = new StringBuilder();
        var start = new ProcessStartInfo(program, ["serve", configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DistributionRegistry(directory, port, process, output, tokens) { Scheme = tls ? "https" : "http" };
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
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {Host} within 20 s:\n{Output}");
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
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
        Tokens?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A bcrypt htpasswd line, made by apache2-utils' htpasswd.</summary>
    static string Htpasswd(string user, string password)
    {
        var program = FindProgram("htpasswd")
            ?? throw new InvalidOperationException("htpasswd is not installed: the basic-auth registry test needs it to write a bcrypt password file (apt-get install apache2-utils).");
        var start = new ProcessStartInfo(program, ["-nbB", user, password]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !line.StartsWith(user + ":$2", StringComparison.Ordinal))
            throw new InvalidOperationException($"htpasswd -nbB failed with exit code {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        return line.Trim() + "\n";
    }

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
