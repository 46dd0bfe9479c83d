using System.Diagnostics;
using System.Net;
using System.Text;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>
/// Smart HTTP in front of the real <c>git http-backend</c> (CGI), on 127.0.0.1, requiring basic auth with
/// one user and token — how GitLab and GitHub serve config repos to CI jobs. Counts the requests it refused, and records
/// the ones it served (what a run costs the server).
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _projectRoot;
    private readonly string _user;
    private readonly string _token;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public GitHttpServer(string projectRoot, string user, string token)
    {
        _projectRoot = projectRoot;
        _user = user;
        _token = token;
        Port = Pipelines.Sandbox.Git.GitDaemon.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public int Unauthorized;

    /// <summary>Every request served, as <c>GET git-upload-pack</c> (a ref advertisement: one per fetch, ls-remote or push
    /// connection), <c>POST git-receive-pack</c> and so on, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Served { get; } = new();

    /// <summary>Connections for <paramref name="service"/> (<c>git-upload-pack</c>: fetches and ls-remotes; <c>git-receive-pack</c>:
    /// pushes): each begins with one ref advertisement.</summary>
    public int Connections(string service) => Served.Count(r => r == $"GET {service}");

    /// <summary>While set, a push that updates this branch hangs (a holder stuck mid-release, to be killed).</summary>
    public volatile string? StallPushesTo;

    public string Url(string name) => $"http://127.0.0.1:{Port}/{name}.git";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_token}"));
            if (request.Headers["Authorization"] != expected)
            {
                Interlocked.Increment(ref Unauthorized);
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
                response.Close();
                return;
            }
            var service = request.Url!.AbsolutePath.EndsWith("/info/refs", StringComparison.Ordinal)
                ? System.Web.HttpUtility.ParseQueryString(request.Url.Query)["service"] ?? "dumb"
                : request.Url.AbsolutePath[(request.Url.AbsolutePath.LastIndexOf('/') + 1)..];
            Served.Enqueue($"{request.HttpMethod} {service}");
            var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("http-backend");
            start.Environment["GIT_PROJECT_ROOT"] = _projectRoot;
            start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
            start.Environment["REQUEST_METHOD"] = request.HttpMethod;
            start.Environment["PATH_INFO"] = request.Url!.AbsolutePath;
            start.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
            start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
            start.Environment["REMOTE_USER"] = _user;
            start.Environment["REMOTE_ADDR"] = "127.0.0.1";
            if (request.Headers["Content-Encoding"] is { } encoding) start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
            if (request.Headers["Git-Protocol"] is { } protocol) start.Environment["GIT_PROTOCOL"] = protocol;
            var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body);
            if (StallPushesTo is { } stalled && request.Url.AbsolutePath.EndsWith("git-receive-pack", StringComparison.Ordinal)
                && Encoding.ASCII.GetString(body.ToArray()).Contains($"refs/heads/{stalled}", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            body.Position = 0;
            using var cgi = Process.Start(start)!;
            var copyIn = Task.Run(async () =>
            {
                await body.CopyToAsync(cgi.StandardInput.BaseStream);
                cgi.StandardInput.Close();
            });
            _ = cgi.StandardError.ReadToEndAsync();
            var output = cgi.StandardOutput.BaseStream;
            // CGI headers, then the body.
            while (ReadLine(output) is { Length: > 0 } header)
            {
                var colon = header.IndexOf(':');
                var (name, value) = (header[..colon], header[(colon + 1)..].Trim());
                if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) response.StatusCode = int.Parse(value.Split(' ')[0]);
                else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.ContentType = value;
                else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) response.AddHeader(name, value);
            }
            response.SendChunked = true;
            await output.CopyToAsync(response.OutputStream);
            await copyIn;
            await cgi.WaitForExitAsync();
            response.Close();
        }
        catch (Exception)
        {
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n') bytes.Add((byte)b);
        return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Another listener of this process shares the port (free ports are picked racily); closing ours is enough.
        }
        try
        {
            _loop.Wait(2000);
        }
        catch (AggregateException)
        {
        }
    }
}
