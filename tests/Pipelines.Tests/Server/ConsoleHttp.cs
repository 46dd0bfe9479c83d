using System.Net;
using System.Text.RegularExpressions;

namespace Pipelines.Tests.Server;

/// <summary>The console as a plain HTTP client sees it: a cookie jar signed in with a token, the session's CSRF token, and
/// no redirects followed (so a test sees where an action sends it). Every request has a deadline.</summary>
internal sealed partial class ConsoleHttp : IDisposable
{
    private ConsoleHttp(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>The CSRF token of the signed-in session (from the sign-out form of a page).</summary>
    public string Csrf { get; private set; } = "";

    public static async Task<ConsoleHttp> SignInAsync(WatchHarness watch, string token)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var console = new ConsoleHttp(new HttpClient(handler) { BaseAddress = new Uri(watch.Server.Address), Timeout = TimeSpan.FromMinutes(2) });
        var form = await console.Client.GetStringAsync("/");
        var signIn = await console.Client.PostAsync("/ui/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = CsrfField().Match(form).Groups[1].Value,
            ["token"] = token,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        console.Csrf = CsrfField().Match(await console.Client.GetStringAsync("/ui/history")).Groups[1].Value;
        return console;
    }

    public Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
        Client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("csrf", Csrf))));

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    public void Dispose() => Client.Dispose();
}
