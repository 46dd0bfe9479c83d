using Microsoft.Playwright;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Server.Ui;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;
using static Microsoft.Playwright.Assertions;

namespace Pipelines.Tests.Server;

/// <summary>
/// The Watch web UI in headless chromium against real git, the real registry and (for live images) the Kubernetes API
/// emulator: what a user sees, which buttons they get, and that a click changes the config repo as the API would.
/// Screenshots go to <see cref="Chromium.Screenshots"/>.
/// </summary>
public sealed class WatchUiBrowserTests(AnonymousRegistry registry, Chromium chromium) : ConsoleWorldTests(registry), IClassFixture<AnonymousRegistry>, IClassFixture<Chromium>
{
    private async Task<IPage> SignInAsync(string token, WatchHarness? watch = null)
    {
        var page = await chromium.NewPageAsync((watch ?? Harness).Server.Address);
        await page.GotoAsync("/");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/ui"); // the services × environments overview
        await page.GotoAsync("/ui/environments/staging");
        return page;
    }

    private static ILocator Service(IPage page, string name) => page.Locator($"tbody[data-workload='{name}']");

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>Clicks an action's button, confirms its preview and waits for the finished report page it leads to.</summary>
    private static async Task ClickForReportAsync(IPage page, string button)
    {
        await Button(page, button).ClickAsync();
        await page.WaitForURLAsync("**/preview**");
        await page.Locator("form.confirm button").ClickAsync();
        await WaitForReportAsync(page);
    }

    /// <summary>The report page of a run shows its progress while it runs and reloads into the report when it ends.</summary>
    internal static async Task WaitForReportAsync(IPage page)
    {
        await page.WaitForURLAsync("**/ui/reports/rel-*");
        await Expect(page.Locator("#run-status")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task Operator_releases_locks_rolls_back_and_unlocks_with_buttons_and_each_is_a_commit_caused_by_them()
    {
        var page = await SignInAsync(WatchHarness.OperatorToken);
        await Expect(page.Locator("header")).ToContainTextAsync("Signed in as dana (operator)");
        await Expect(page.Locator(".note")).ToContainTextAsync("Desired state only"); // --apply false: no cluster
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Live image" })).ToHaveCountAsync(0);
        var carts = Service(page, "sock-shop:deployment/carts");
        await Expect(carts).ToContainTextAsync(World.Image("carts", "1.0.0"));
        await Expect(carts.Locator(".newer")).ToHaveTextAsync(World.Image("carts", "1.2.0"));
        await Expect(Service(page, "sock-shop:deployment/payment")).ToContainTextAsync("locked by alice: PCI audit until Friday");
        await Chromium.ScreenshotAsync(page, "ui-1-dashboard");

        await ClickForReportAsync(page, "Release the newest image of sock-shop/carts");
        var result = page.Locator("table.results tr[data-workload='sock-shop:deployment/carts']");
        await Expect(result).ToContainTextAsync("success");
        await Expect(result).ToContainTextAsync($"{World.Image("carts", "1.0.0")} → {World.Image("carts", "1.2.0")}");
        await Expect(page.Locator("ol.steps li").First).ToContainTextAsync("plan:");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("pushed to main");
        await Chromium.ScreenshotAsync(page, "ui-2-release-report");
        Assert.Contains("carts:1.2.0", World.Show("environments/staging/carts.yaml"));
        Assert.Contains("Pipelines-Cause: dana", World.Log("%B"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to staging" }).ClickAsync();
        await Expect(carts.Locator("td").Nth(1)).ToHaveTextAsync(World.Image("carts", "1.2.0"));
        await Expect(carts).ToContainTextAsync("up to date");
        await Expect(Button(page, "Release the newest image of sock-shop/carts")).ToHaveCountAsync(0);

        // The message goes through HTML as text: markup in it is shown, never run.
        await page.GetByLabel("Why lock sock-shop/carts", new() { Exact = true }).FillAsync("load test <b>tonight</b>");
        await ClickForReportAsync(page, "Lock sock-shop/carts");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Lock to staging");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to staging" }).ClickAsync();
        await Expect(carts).ToContainTextAsync("locked by dana: load test <b>tonight</b>");
        await Expect(Button(page, "Lock sock-shop/carts")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "ui-3-locked");
        var yaml = World.Show("environments/staging/carts.yaml");
        Assert.Contains("pipelines/locked-by: dana", yaml.Replace("\"", ""));
        Assert.Contains("load test <b>tonight</b>", yaml);

        await ClickForReportAsync(page, "Roll back sock-shop/carts despite the lock");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Rollback to staging");
        await Expect(page.Locator("table.results tr[data-workload='sock-shop:deployment/carts']"))
            .ToContainTextAsync($"{World.Image("carts", "1.2.0")} → {World.Image("carts", "1.0.0")}");
        Assert.Contains("carts:1.0.0", World.Show("environments/staging/carts.yaml"));

        await page.GotoAsync("/ui/environments/staging");
        await ClickForReportAsync(page, "Unlock sock-shop/carts");
        Assert.DoesNotContain("pipelines/locked", World.Show("environments/staging/carts.yaml"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to staging" }).ClickAsync();
        await Expect(carts.Locator("td").Nth(1)).ToHaveTextAsync(World.Image("carts", "1.0.0"));
        await Expect(carts.Locator("td").Nth(2)).ToContainTextAsync("rejected 1.2.0"); // rollbacks are sticky: the rejected tags of the container's repository
        await Expect(Button(page, "Lock sock-shop/carts")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        var actions = await page.Locator("table.history tbody td:nth-child(3)").AllTextContentsAsync();
        Assert.Equal(["unlock", "rollback", "lock", "release"], actions.Take(4));
        await Expect(page.Locator("table.history tbody").First).ToContainTextAsync("dana");
        await Chromium.ScreenshotAsync(page, "ui-4-history");
        Assert.Equal(5, World.Commits());

        await Button(page, "Sign out").ClickAsync();
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
        await page.GotoAsync("/ui/environments/staging");
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync(); // the session is gone on the server too
    }

    [Fact]
    public async Task Promote_button_without_a_readable_source_cluster_promotes_nothing_and_says_why()
    {
        var page = await SignInAsync(WatchHarness.OperatorToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "production", Exact = true }).ClickAsync();
        var before = World.Show("environments/production/carts.yaml");

        await Button(page, "Promote shop-production/carts from staging").ClickAsync();

        // The preview says why nothing would move, and offers nothing to confirm.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Preview: Promote shop-production/carts to production");
        await Expect(page.Locator("body")).ToContainTextAsync("source health: not checked");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing would change");
        await Expect(page.Locator("form.confirm")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "ui-5-promote-report");
        Assert.Equal(before, World.Show("environments/production/carts.yaml")); // what staging ran cannot be verified: nothing moves
    }

    [Fact]
    public async Task Read_only_token_sees_the_tables_without_buttons_and_its_posts_are_refused()
    {
        var page = await SignInAsync(WatchHarness.ReadToken);

        await Expect(Service(page, "sock-shop:deployment/carts").Locator(".newer")).ToHaveTextAsync(World.Image("carts", "1.2.0"));
        await Expect(page.Locator("table button")).ToHaveCountAsync(0);
        await Expect(page.Locator("form[method=post]")).ToHaveCountAsync(1); // sign out only
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Actions" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "production", Exact = true }).ClickAsync();
        await Expect(page.Locator("button")).ToHaveCountAsync(1); // no Promote either
        await Chromium.ScreenshotAsync(page, "ui-6-read-only");

        // A hand-made form with this session's valid CSRF token is still refused: the role decides.
        var csrf = await page.Locator($"form[action='/ui/sign-out'] input[name={UiAccess.CsrfField}]").GetAttributeAsync("value");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set(UiAccess.CsrfField, csrf!);
        form.Set("message", "mine now");
        var response = await page.Context.APIRequest.PostAsync(Harness.Server.Address + "/ui/environments/staging/services/sock-shop/carts/lock", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(403, response.Status);
        Assert.Contains("rita has a read-only token", await response.TextAsync());
        Assert.Equal(1, World.Commits());
    }

    [Fact]
    public async Task Forged_posts_without_or_with_a_wrong_csrf_token_or_without_a_session_change_nothing()
    {
        var page = await SignInAsync(WatchHarness.OperatorToken);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == UiAccess.SessionCookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(WatchHarness.OperatorToken, cookie.Value);
        var csrf = await page.Locator($"form[action='/ui/sign-out'] input[name={UiAccess.CsrfField}]").GetAttributeAsync("value");
        const string lockUrl = "/ui/environments/staging/services/sock-shop/carts/lock";

        var without = page.Context.APIRequest.CreateFormData();
        without.Set("message", "forged");
        var noToken = await page.Context.APIRequest.PostAsync(Harness.Server.Address + lockUrl, new() { Form = without, MaxRedirects = 0 });
        Assert.Equal(400, noToken.Status);

        var wrong = page.Context.APIRequest.CreateFormData();
        wrong.Set(UiAccess.CsrfField, csrf![..^4] + "AAAA");
        wrong.Set("message", "forged");
        var wrongToken = await page.Context.APIRequest.PostAsync(Harness.Server.Address + lockUrl, new() { Form = wrong, MaxRedirects = 0 });
        Assert.Equal(403, wrongToken.Status);
        Assert.Contains("nothing was changed", await wrongToken.TextAsync());

        // Another browser (no session cookie) holding a stolen CSRF token gets nothing either.
        var stranger = await chromium.NewPageAsync(Harness.Server.Address);
        var stolen = stranger.Context.APIRequest.CreateFormData();
        stolen.Set(UiAccess.CsrfField, csrf);
        stolen.Set("message", "forged");
        var noSession = await stranger.Context.APIRequest.PostAsync(Harness.Server.Address + lockUrl, new() { Form = stolen, MaxRedirects = 0 });
        Assert.Equal(401, noSession.Status);

        Assert.Equal(1, World.Commits());
        Assert.DoesNotContain("forged", World.Show("environments/staging/carts.yaml"));
        await page.ReloadAsync();
        await Expect(Button(page, "Lock sock-shop/carts")).ToHaveCountAsync(1); // the session still works
    }

    [Fact]
    public async Task Keyboard_alone_reaches_a_button_shows_where_the_focus_is_and_presses_it()
    {
        var page = await SignInAsync(WatchHarness.OperatorToken);
        const string release = "Release the newest image of sock-shop/carts";
        Task<string?> Focused() => page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('aria-label')");

        for (var i = 0; i < 40 && await Focused() != release; i++) await page.Keyboard.PressAsync("Tab");

        Assert.Equal(release, await Focused());
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await Chromium.ScreenshotAsync(page, "ui-8-keyboard-focus");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/preview**");
        for (var i = 0; i < 40 && await Focused() != "Confirm: Release sock-shop/carts in staging"; i++) await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await WaitForReportAsync(page);
        Assert.Contains("carts:1.2.0", World.Show("environments/staging/carts.yaml"));
    }

    [Fact]
    public async Task Sign_in_with_an_unknown_token_is_refused_and_says_so()
    {
        var page = await chromium.NewPageAsync(Harness.Server.Address);
        await page.GotoAsync("/");
        await page.GetByLabel("API token").FillAsync("not-a-token-of-this-service");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is not a token of --api-tokens-file");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == UiAccess.SessionCookie);
        Assert.DoesNotContain("not-a-token-of-this-service", Harness.LogText);
    }

    [Fact]
    public async Task With_a_cluster_the_table_shows_live_images_and_readiness_and_a_release_changes_what_runs()
    {
        await using var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { ClusterName = "staging", PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var folder = Directory.CreateTempSubdirectory("pipelines-kube-").FullName;
        try
        {
            World.Kubeconfig = emulator.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
            var (exitCode, _, stderr) = await World.Run("Sync", "--environment", "staging");
            Assert.True(exitCode == 0, stderr);
            await using var watch = await WatchHarness.StartAsync(World.Url, TimeSpan.FromHours(1), World.Kubeconfig, automation: false);
            var page = await SignInAsync(WatchHarness.OperatorToken, watch);

            await Expect(page.Locator(".note")).ToHaveCountAsync(0);
            var carts = Service(page, "sock-shop:deployment/carts");
            await Expect(carts.Locator("td").Nth(0)).ToContainTextAsync("1/1");
            await Expect(carts.Locator("td").Nth(0)).ToContainTextAsync("successfully rolled out");
            await Expect(carts.Locator("td").Nth(3)).ToHaveTextAsync(World.Image("carts", "1.0.0")); // live
            await Chromium.ScreenshotAsync(page, "ui-7-live");

            await ClickForReportAsync(page, "Release the newest image of sock-shop/carts");
            await Expect(page.Locator("ol.steps")).ToContainTextAsync("rollout sock-shop:deployment/carts: succeeded");
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to staging" }).ClickAsync();
            await Expect(carts.Locator("td").Nth(3)).ToHaveTextAsync(World.Image("carts", "1.2.0"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
