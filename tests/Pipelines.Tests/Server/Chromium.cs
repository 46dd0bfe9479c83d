using Microsoft.Playwright;
using Pipelines.Tests.Kubernetes;

namespace Pipelines.Tests.Server;

/// <summary>
/// Debian's chromium, headless, driven by Playwright for .NET (its driver ships in the NuGet package, so nothing is
/// downloaded). One browser per test class; each test opens its own context (cookies) with <see cref="NewPageAsync"/>.
/// A machine without chromium fails the tests with the command that installs it; they never skip.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept as test artifacts: .nuke/temp/test-artifacts/screenshots of the repository.</summary>
    public static string Screenshots { get; } = Path.Combine(ClusterHarness.RepositoryRoot(), ".nuke", "temp", "test-artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {ExecutablePath}: apt-get install chromium (.ci/run installs it).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
    }

    /// <summary>A fresh browser context (no cookies) on a laptop-sized screen, with <paramref name="baseUrl"/> for relative URLs.</summary>
    public Task<IPage> NewPageAsync(string baseUrl) => NewPageAsync(baseUrl, 1366, 768);

    /// <summary>A fresh browser context of a given screen size. The pages' Content-Security-Policy stays in force: axe-core runs
    /// through Playwright's evaluation, which it does not block.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
