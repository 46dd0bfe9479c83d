using Microsoft.Playwright;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;
using static Microsoft.Playwright.Assertions;
using static Pipelines.Tests.Server.ConsoleBrowser;

namespace Pipelines.Tests.Server;

/// <summary>
/// The release console (issue 24) in headless chromium at 1400 and 1024 px, against real git and the real registry: the
/// services × environments overview, the preview of every action with nothing committed before its confirm, History, and
/// accessibility (axe-core: no serious or critical violation). Screenshots go to <see cref="Chromium.Screenshots"/>.
/// </summary>
public sealed class WatchConsoleTests(AnonymousRegistry registry, Chromium chromium) : ConsoleWorldTests(registry), IClassFixture<AnonymousRegistry>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Overview_fits_thirty_services_by_environment_on_one_1400_by_900_screen_and_passes_the_accessibility_check()
    {
        // 30 services: the world's 5 staging services (front-end, carts, payment, orders + catalogue in production only) and 25 more.
        for (var i = 1; i <= 25; i++) await World.PushAsync($"service-{i:00}", "1.0.0");
        World.CommitFiles("Add 25 services", Enumerable.Range(1, 25).Select(i => ($"environments/staging/service-{i:00}.yaml",
            ReleaseWorld.Deployment($"service-{i:00}", World.Image($"service-{i:00}", "1.0.0")))).ToArray());
        var page = await SignInAsync(chromium, Harness, WatchHarness.OperatorToken);

        var rows = page.Locator("table.matrix tbody tr");
        await Expect(rows).ToHaveCountAsync(30);
        await Expect(page.Locator("table.matrix thead th")).ToHaveTextAsync(["Service", "staging", "production"]);
        var carts = page.Locator("tr[data-service='carts']");
        await Expect(carts.Locator("td[data-environment='staging']")).ToContainTextAsync("carts:1.0.0");
        await Expect(carts.Locator("td[data-environment='staging'] .newer")).ToHaveTextAsync("↑ 1.2.0");
        await Expect(carts.Locator("td[data-environment='production']")).ToContainTextAsync("carts:0.9.0");
        await Expect(page.Locator("tr[data-service='payment'] td[data-environment='staging'] .locked")).ToHaveAttributeAsync("title", "locked by alice: PCI audit until Friday");
        await Expect(page.Locator("tr[data-service='orders'] td[data-environment='staging'] .badge", new() { HasText = "auto" })).ToHaveCountAsync(0); // annotated manual
        await Expect(page.Locator("tr[data-service='catalogue'] td.absent")).ToHaveCountAsync(1); // production only
        await Chromium.ScreenshotAsync(page, "console-1-overview-1400", fullPage: false);

        // Every row and the whole table are on the first screen: nothing below 900 px, nothing right of 1400 px.
        var last = await rows.Last.BoundingBoxAsync();
        var table = await page.Locator("table.matrix").BoundingBoxAsync();
        Assert.True(last!.Y + last.Height <= 900, $"the 30th row ends at {last.Y + last.Height} px, below the 900 px screen");
        Assert.True(table!.X + table.Width <= 1400, $"the table ends at {table.X + table.Width} px, right of the 1400 px screen");
        Assert.Equal(2, World.Commits()); // the first and the services' commit: looking changes nothing
        await AssertAccessibleAsync(page);

        await page.SetViewportSizeAsync(1024, 900);
        await Chromium.ScreenshotAsync(page, "console-2-overview-1024");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "the overview scrolls sideways at 1024 px");
    }

    [Fact]
    public async Task Release_shows_its_plan_and_manifest_diff_commits_nothing_until_confirmed_and_then_reports_it()
    {
        var page = await SignInAsync(chromium, Harness, WatchHarness.OperatorToken);
        await page.GotoAsync("/ui/environments/staging");

        await Button(page, "Release the newest image of sock-shop/carts").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Preview: Release sock-shop/carts in staging");
        await Expect(page.Locator("ol.steps")).ToContainTextAsync("dry run: nothing locked, committed, pushed or applied");
        var diff = page.Locator(".diff");
        await Expect(diff.Locator(".del")).ToContainTextAsync($"image: {World.Image("carts", "1.0.0")}");
        await Expect(diff.Locator(".add")).ToContainTextAsync($"image: {World.Image("carts", "1.2.0")}");
        await Expect(diff.Locator(".add")).ToHaveCountAsync(1); // one value changes, nothing else
        Assert.Equal(1, World.Commits());
        await Chromium.ScreenshotAsync(page, "console-3-release-preview-1400");
        await AssertAccessibleAsync(page);

        await Button(page, "Confirm: Release sock-shop/carts in staging").ClickAsync();
        await WaitForReportAsync(page);

        await Expect(page.Locator("table.results tr[data-workload='sock-shop:deployment/carts']")).ToContainTextAsync("success");
        Assert.Equal(2, World.Commits());
        Assert.Contains("carts:1.2.0", World.Show("environments/staging/carts.yaml"));
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Rollback_to_a_chosen_release_lock_unlock_deautomate_automate_and_a_chosen_tag_each_preview_before_they_commit()
    {
        var page = await SignInAsync(chromium, Harness, WatchHarness.OperatorToken);
        var commits = 1;
        async Task ConfirmAsync(string title, string changed)
        {
            await Expect(page.Locator("h1")).ToHaveTextAsync($"Preview: {title}");
            await Expect(page.Locator(".diff")).ToContainTextAsync(changed);
            Assert.Equal(commits, World.Commits()); // the preview committed nothing
            await Button(page, $"Confirm: {title}").ClickAsync();
            await WaitForReportAsync(page);
            Assert.Equal(++commits, World.Commits());
            await page.GotoAsync("/ui/environments/staging");
        }

        // Choose a tag: 1.2.0, though 1.1.0 (pushed last) is the newest.
        await World.PushAsync("carts", "1.1.0");
        await page.GotoAsync("/ui/environments/staging");
        await Button(page, "Release the newest image of sock-shop/carts").ClickAsync();
        await Expect(page.Locator(".diff .add")).ToContainTextAsync("carts:1.1.0");
        await page.GetByLabel("Release tag").SelectOptionAsync(new SelectOptionValue { Label = "carts: 1.2.0" });
        await Button(page, "Preview this tag").ClickAsync();
        await ConfirmAsync("Release sock-shop/carts in staging", "carts:1.2.0");
        Assert.Contains("carts:1.2.0", World.Show("environments/staging/carts.yaml"));

        await Button(page, "Release the newest image of sock-shop/carts").ClickAsync();
        await ConfirmAsync("Release sock-shop/carts in staging", "carts:1.1.0");

        // Roll back to a release chosen from the service's history.
        await Button(page, "Roll back sock-shop/carts").ClickAsync();
        await Expect(page.GetByLabel("Roll back to").Locator("option")).ToHaveCountAsync(2); // "the release before" and the 1.2.0 release
        await page.GetByLabel("Roll back to").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Button(page, "Preview this rollback").ClickAsync();
        await page.SetViewportSizeAsync(1024, 768);
        await Chromium.ScreenshotAsync(page, "console-4-rollback-preview-1024");
        await AssertAccessibleAsync(page);
        await ConfirmAsync("Rollback sock-shop/carts in staging", "carts:1.2.0");

        await page.GetByLabel("Why lock sock-shop/carts", new() { Exact = true }).FillAsync("load test");
        await Button(page, "Lock sock-shop/carts").ClickAsync();
        await ConfirmAsync("Lock sock-shop/carts in staging", "load test");

        await Button(page, "Unlock sock-shop/carts").ClickAsync();
        await ConfirmAsync("Unlock sock-shop/carts in staging", "pipelines/locked");

        await Button(page, "Deautomate sock-shop/carts").ClickAsync();
        await ConfirmAsync("Deautomate sock-shop/carts in staging", "pipelines/automated");
        await Expect(Button(page, "Automate sock-shop/carts")).ToHaveCountAsync(1);

        Assert.Equal(["deautomate", "unlock", "lock", "rollback", "release", "release"],
            World.Log("%(trailers:key=Pipelines-Action,valueonly)").Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(6));
    }

    [Fact]
    public async Task History_reads_at_1024_px_with_outcomes_compact_images_and_a_report_read_back_for_a_release_made_elsewhere()
    {
        // A release by a Jenkins job, then a rollback of it: both made outside this process.
        World.Environment["JENKINS_HOME"] = World.Root;
        World.Environment["BUILD_URL"] = "https://jenkins.example/job/shop/42/";
        World.Environment["PIPELINES_USER"] = "ci-bot";
        var (exitCode, _, stderr) = await World.Run("Release", "--environment", "staging", "--service", "carts", "--update-all-images");
        Assert.True(exitCode == 0, stderr);
        (exitCode, _, stderr) = await World.Run("Rollback", "--environment", "staging", "--service", "carts");
        Assert.True(exitCode == 0, stderr);
        var page = await SignInAsync(chromium, Harness, WatchHarness.ReadToken, 1024, 768);

        await page.GotoAsync("/ui/history");
        var release = page.Locator("table.history tbody").Nth(1);
        await Expect(release.Locator("td").Nth(2)).ToHaveTextAsync("release");
        await Expect(release.Locator("td.outcome-bad")).ToContainTextAsync("rolled back by");
        await Expect(page.Locator("table.history tbody").First.Locator("td.outcome-ok")).ToHaveTextAsync("committed");
        await Expect(release).ToContainTextAsync("carts:1.0.0 → 1.2.0");
        await Expect(release).Not.ToContainTextAsync(Images.Registry.Host); // compact: the host every image shares is left out
        await Expect(release.GetByRole(AriaRole.Link, new() { Name = "CI job" })).ToHaveAttributeAsync("href", "https://jenkins.example/job/shop/42/");
        // Readable: no image reference wraps, and the table does not scroll sideways.
        foreach (var code in await page.Locator("table.history code").AllAsync())
        {
            var box = await code.BoundingBoxAsync();
            Assert.True(box!.Height < 25, $"'{await code.TextContentAsync()}' wraps ({box.Height} px high)");
        }
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1024"), "History scrolls sideways at 1024 px");
        await Chromium.ScreenshotAsync(page, "console-5-history-1024");
        await AssertAccessibleAsync(page);

        // A read session sees History but gets no preview of an action either.
        var preview = await page.Context.APIRequest.GetAsync(Harness.Server.Address + "/ui/environments/staging/services/sock-shop/carts/lock/preview?message=mine");
        Assert.Equal(403, preview.Status);
        Assert.Contains("rita has a read-only token", await preview.TextAsync());

        await release.Locator("td").Nth(1).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Release to staging");
        await Expect(page.Locator("body")).ToContainTextAsync("read back from the config repo's history");
        await Expect(page.Locator("dd.outcome-bad")).ToContainTextAsync("rolled back by");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_failing_automation_shows_a_banner_on_every_page()
    {
        var gone = $"127.0.0.1:{Pipelines.Sandbox.Registry.DistributionRegistry.FreePort()}";
        World.CommitFile("environments/staging/lost.yaml", ReleaseWorld.Deployment("lost", $"{gone}/shop/lost:1.0.0"));
        await using var watch = await WatchHarness.StartAsync(World.Url, TimeSpan.FromMilliseconds(200));
        var page = await SignInAsync(chromium, watch, WatchHarness.ReadToken);

        await WatchHarness.EventuallyAsync(() => watch.Server.Health.Report().Status == "degraded", "health degraded");
        await page.ReloadAsync();
        var banner = page.Locator(".banner[role=alert]");
        await Expect(banner).ToContainTextAsync("Automation or sync is failing");
        await Expect(banner).ToContainTextAsync("automation of staging");
        await Chromium.ScreenshotAsync(page, "console-6-banner-1400");
        await AssertAccessibleAsync(page);
        await page.GotoAsync("/ui/history");
        await Expect(banner).ToContainTextAsync("automation of staging");
    }
}
