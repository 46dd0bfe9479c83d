using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pipelines.Server.SignIn;
using static Microsoft.Playwright.Assertions;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>
/// The console's single sign-on against a real OpenID provider (<see cref="OidcProvider"/>, OpenIddict), driven as a browser
/// drives it — an HttpClient that follows redirects and keeps cookies — over real git and the real registry: who signs in,
/// their role per environment from pipelines.yaml's access:, that the role is checked on every write, that the person
/// authors what they release, and that a session outlives a restart when the keys are kept.
/// </summary>
public sealed partial class WatchSignInTests(AnonymousRegistry registry, Chromium chromium) : IClassFixture<AnonymousRegistry>, IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly Dictionary<string, OidcUser> People = new()
    {
        ["alice"] = new("sub-alice", "Alice Example", "alice@example.com", "release-managers"),
        ["bob"] = new("sub-bob", "Bob Builder", "bob@example.com", "developers"),
    };

    // Everyone sees everything; release managers deploy to production only; the ci token deploys to staging only.
    private const string Access = """
        access:
          "*":
            viewer: [everyone]
          production:
            deployer: [group:release-managers]
          staging:
            deployer: [token:ci]

        """;

    private readonly ReleaseWorld _world = new(registry);
    private readonly string _keys = Directory.CreateTempSubdirectory("pipelines-keys-").FullName;
    private OidcProvider _provider = null!;

    public async Task InitializeAsync()
    {
        await _world.PushUsualAsync();
        _world.CommitFile("pipelines.yaml", _world.Show("pipelines.yaml").TrimEnd() + "\n" + Access);
        _provider = await OidcProvider.StartAsync(People);
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _world.Dispose();
        Directory.Delete(_keys, recursive: true);
    }

    private ConsoleSignIn SignIn(string keys) => new()
    {
        Oidc = new OidcSettings(_provider.Authority, OidcProvider.ClientId, OidcProvider.ClientSecret) { DisplayName = "Test provider" },
        KeysDirectory = keys,
    };

    private Task<WatchHarness> StartWatchAsync(string? keys = null) =>
        WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), automation: false, signIn: SignIn(keys ?? _keys));

    /// <summary>A browser: follows redirects and keeps cookies (<see cref="Post"/> shares them and shows each answer as it is).</summary>
    private sealed class Browser : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _following;
        private readonly HttpClient _posting;

        public Browser()
        {
            _following = new HttpClient(new HttpClientHandler { CookieContainer = _cookies }) { Timeout = TimeSpan.FromSeconds(60) };
            _posting = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(120) };
        }

        public async Task<(Uri At, string Html)> GetAsync(string url)
        {
            var response = await _following.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {html}");
            return (response.RequestMessage!.RequestUri!, html);
        }

        /// <summary>Posts a form as a page's button does, with the CSRF token of <paramref name="page"/>.</summary>
        public async Task<(HttpStatusCode Status, string Body)> PostAsync(string url, string page, params (string, string)[] fields)
        {
            var form = new FormUrlEncodedContent(fields.Append(("csrf", Csrf().Match(page).Groups[1].Value)).Select(f => KeyValuePair.Create(f.Item1, f.Item2)));
            var response = await _posting.PostAsync(url, form);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        public void Dispose()
        {
            _following.Dispose();
            _posting.Dispose();
        }
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Csrf();

    /// <summary>Signs in at the provider as <paramref name="user"/>, then presses the console's sign-in button; the page it lands on.</summary>
    private async Task<(Uri At, string Html)> SignInAsync(Browser browser, WatchHarness watch, string user)
    {
        await browser.GetAsync($"{_provider.Authority}login?user={user}");
        var (_, home) = await browser.GetAsync(watch.Server.Address + "/");
        Assert.Contains($"href=\"{ConsoleAuthentication.StartPath}\">Sign in with Test provider", home);
        Assert.DoesNotContain("API token", home); // with a provider, no token sign-in
        return await browser.GetAsync(watch.Server.Address + ConsoleAuthentication.StartPath);
    }

    [Fact]
    public async Task Sign_in_with_the_OpenID_provider_lands_signed_in_as_the_person_with_their_role_in_each_environment()
    {
        await using var watch = await StartWatchAsync();
        using var browser = new Browser();

        var (at, _) = await SignInAsync(browser, watch, "alice");

        Assert.Equal("/ui", at.AbsolutePath);   // the overview of every environment she may see
        var (_, staging) = await browser.GetAsync(watch.Server.Address + "/ui/environments/staging");
        Assert.Contains("Signed in as <strong>Alice Example</strong> (viewer of staging)", staging);
        Assert.DoesNotContain("aria-label=\"Release the newest image of sock-shop/carts\"", staging);
        var (_, production) = await browser.GetAsync(watch.Server.Address + "/ui/environments/production");
        Assert.Contains("Signed in as <strong>Alice Example</strong> (deployer of production)", production);
        Assert.Contains("aria-label=\"Release the newest image of shop-production/carts\"", production);
        Assert.Equal(1, _provider.CodesRedeemed); // a real code exchange at the token endpoint, with the client secret
        Assert.Contains("Alice Example <alice@example.com> signed in with Test provider (user:alice@example.com, user:alice, user:sub-alice, group:release-managers, everyone)", watch.LogText);
        Assert.DoesNotContain(OidcProvider.ClientSecret, watch.LogText);

        // A pasted token does not get around the provider.
        var token = await browser.PostAsync(watch.Server.Address + "/ui/sign-in", staging, ("token", WatchHarness.OperatorToken));
        Assert.Equal(HttpStatusCode.NotFound, token.Status);
    }

    [Fact]
    public async Task In_chromium_the_sign_in_button_goes_to_the_provider_and_back_signed_in()
    {
        await using var watch = await StartWatchAsync();
        var page = await chromium.NewPageAsync(watch.Server.Address);
        await page.GotoAsync($"{_provider.Authority}login?user=alice");

        await page.GotoAsync("/");
        await Chromium.ScreenshotAsync(page, "ui-sso-1-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test provider" }).ClickAsync();
        await page.WaitForURLAsync("**/ui");
        await page.GotoAsync("/ui/environments/staging");

        await Expect(page.Locator("header")).ToContainTextAsync("Signed in as Alice Example (viewer of staging)");
        await page.GetByRole(AriaRole.Link, new() { Name = "production", Exact = true }).ClickAsync();
        await Expect(page.Locator("header")).ToContainTextAsync("Signed in as Alice Example (deployer of production)");
        await Chromium.ScreenshotAsync(page, "ui-sso-2-production");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == Pipelines.Server.Ui.UiAccess.SessionCookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite); // the provider's redirect back is cross-site: a Strict cookie would not come along

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test provider" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_production_deployer_cannot_act_on_staging_and_what_they_release_in_production_is_authored_by_them()
    {
        await using var watch = await StartWatchAsync();
        using var browser = new Browser();
        await SignInAsync(browser, watch, "alice");
        var (_, staging) = await browser.GetAsync(watch.Server.Address + "/ui/environments/staging");
        var before = _world.Commits();

        var refused = await browser.PostAsync(watch.Server.Address + "/ui/environments/staging/services/sock-shop/carts/lock", staging, ("message", "mine"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("Alice Example is viewer of staging; lock of sock-shop/carts needs the deployer role there.", WebUtility.HtmlDecode(refused.Body));
        Assert.Equal(before, _world.Commits());

        var (_, production) = await browser.GetAsync(watch.Server.Address + "/ui/environments/production");
        var released = await browser.PostAsync(watch.Server.Address + "/ui/environments/production/services/shop-production/carts/release", production);

        Assert.True(released.Status == HttpStatusCode.SeeOther, released.Body);
        // The action answers at once and runs on; its commit follows.
        await WatchHarness.EventuallyAsync(() => _world.Show("environments/production/carts.yaml").Contains("carts:1.2.0"), "the release's commit");
        Assert.Equal("Alice Example <alice@example.com> | watch", _world.Log("%an <%ae> | %cn").Split('\n')[0]);
        Assert.Contains("Pipelines-Cause: Alice Example <alice@example.com>", _world.Log("%B"));
    }

    [Fact]
    public async Task A_viewer_sees_an_environment_without_buttons_and_cannot_act_on_it()
    {
        await using var watch = await StartWatchAsync();
        using var browser = new Browser();
        await SignInAsync(browser, watch, "bob");
        var before = _world.Commits();

        var (_, production) = await browser.GetAsync(watch.Server.Address + "/ui/environments/production");
        Assert.Contains("Signed in as <strong>Bob Builder</strong> (viewer of production)", production);
        Assert.DoesNotContain("Release newest", production);
        var release = await browser.PostAsync(watch.Server.Address + "/ui/environments/production/services/shop-production/carts/release", production);
        var promote = await browser.PostAsync(watch.Server.Address + "/ui/environments/production/promote", production);

        Assert.Equal(HttpStatusCode.Forbidden, release.Status);
        Assert.Contains("Bob Builder is viewer of production; release of shop-production/carts needs the deployer role there.", WebUtility.HtmlDecode(release.Body));
        Assert.Contains("e.g. production: { deployer: [user:bob@example.com] }", WebUtility.HtmlDecode(release.Body));
        Assert.Equal(HttpStatusCode.Forbidden, promote.Status);
        Assert.Equal(before, _world.Commits());
    }

    [Fact]
    public async Task A_session_survives_a_restart_that_keeps_the_keys_folder_and_not_one_that_does_not()
    {
        using var browser = new Browser();
        await using (var first = await StartWatchAsync())
        {
            await SignInAsync(browser, first, "alice");
        }

        // The cookie is the browser's; a Watch on another port of this host gets it too, as a replica behind one address would.
        await using var restarted = await StartWatchAsync();
        var (at, production) = await browser.GetAsync(restarted.Server.Address + "/ui/environments/production");
        Assert.Equal("/ui/environments/production", at.AbsolutePath);
        Assert.Contains("Signed in as <strong>Alice Example</strong> (deployer of production)", production);
        Assert.Equal(1, _provider.CodesRedeemed); // no second sign-in

        var otherKeys = Directory.CreateTempSubdirectory("pipelines-keys-").FullName;
        try
        {
            await using var stranger = await StartWatchAsync(otherKeys);
            var (signInAt, page) = await browser.GetAsync(stranger.Server.Address + "/ui/environments/production");
            Assert.Equal("/", signInAt.AbsolutePath);
            Assert.Contains("Sign in with Test provider", page);
        }
        finally
        {
            Directory.Delete(otherKeys, recursive: true);
        }
    }

    [Fact]
    public async Task Api_tokens_get_roles_per_environment_from_access_and_keep_their_file_roles()
    {
        await using var watch = await StartWatchAsync();
        using var ci = watch.Client(WatchHarness.CiToken);
        using var dana = watch.Client(WatchHarness.OperatorToken);

        var staging = await ci.PostAsJsonAsync("/api/environments/staging/services/sock-shop/carts/lock", new { message = "load test" });
        var production = await ci.PostAsJsonAsync("/api/environments/production/services/shop-production/carts/lock", new { message = "load test" });
        var reading = await ci.GetAsync("/api/environments/production/services");
        var operatorEverywhere = await dana.PostAsJsonAsync("/api/environments/production/services/shop-production/carts/lock", new { message = "freeze" });

        Assert.True(staging.IsSuccessStatusCode, await staging.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, production.StatusCode);
        Assert.Contains("ci is viewer of production; lock of shop-production/carts needs the deployer role there.", await production.Content.ReadAsStringAsync());
        Assert.True(reading.IsSuccessStatusCode);
        Assert.True(operatorEverywhere.IsSuccessStatusCode, await operatorEverywhere.Content.ReadAsStringAsync());
        Assert.Contains("pipelines/locked-by: ci", _world.Show("environments/staging/carts.yaml").Replace("\"", ""));
        Assert.Equal("watch", _world.Log("%an").Split('\n')[0]); // a token has no email: the config repo's identity authors it
    }
}
