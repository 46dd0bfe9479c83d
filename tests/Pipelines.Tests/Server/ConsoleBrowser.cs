using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pipelines.Tests.Server;

/// <summary>What the console's browser tests share: signing in at a given screen size, the preview-then-confirm of an
/// action, waiting for a run's report, and the accessibility check.</summary>
internal static class ConsoleBrowser
{
    public static async Task<IPage> SignInAsync(Chromium chromium, WatchHarness watch, string token, int width = 1400, int height = 900)
    {
        var page = await chromium.NewPageAsync(watch.Server.Address, width, height);
        await page.GotoAsync("/");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync("**/ui", new() { Timeout = 90_000 }); // the overview asks every environment's registry; generous on a busy machine
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"sign-in did not lead to the overview: at {page.Url}: {await page.Locator("body").InnerTextAsync()}");
        }
        return page;
    }

    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The report page of a run follows it live and reloads into the report when it ends.</summary>
    public static async Task WaitForReportAsync(IPage page)
    {
        await page.WaitForURLAsync("**/ui/reports/rel-*");
        await Expect(page.Locator("#run-status")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
    }

    /// <summary>axe-core over the page: no violation of impact serious or critical (each named with its rule and first element).</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))})").ToList();
        Assert.True(bad.Count == 0, $"accessibility violations on {page.Url}:\n{string.Join("\n", bad)}");
    }
}
