using System.Net;
using Microsoft.Playwright;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;
using static Microsoft.Playwright.Assertions;
using static Pipelines.Tests.Server.ConsoleBrowser;

namespace Pipelines.Tests.Server;

/// <summary>
/// The console with a cluster (the Kubernetes API emulator): a confirmed release answers at once and its report streams the
/// steps and the rollout as Server-Sent Events; a pod that cannot pull its image makes its cell red although every replica
/// of the old ReplicaSet is still ready.
/// </summary>
public sealed class WatchConsoleLiveTests(AnonymousRegistry registry, Chromium chromium) : IClassFixture<AnonymousRegistry>, IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-kube-").FullName;
    private KubeApiEmulator _emulator = null!;
    private WatchHarness _watch = null!;

    public async Task InitializeAsync()
    {
        await _world.PushUsualAsync();
        // Pods take a while to be ready, so that the rollout is seen moving; orders' 1.1.0 can never be pulled.
        _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
        {
            ClusterName = "staging",
            PodReadyDelay = TimeSpan.FromSeconds(2),
            BadImages = [_world.Image("orders", "1.1.0")],
        });
        _world.Kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder, "kubeconfig"));
        var (exitCode, _, stderr) = await _world.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
        _watch = await WatchHarness.StartAsync(_world.Url, TimeSpan.FromHours(1), _world.Kubeconfig, automation: false);
    }

    public async Task DisposeAsync()
    {
        await _watch.DisposeAsync();
        await _emulator.DisposeAsync();
        _world.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_confirmed_release_answers_at_once_and_its_report_streams_the_steps_and_the_rollout_as_server_sent_events()
    {
        using var console = await ConsoleHttp.SignInAsync(_watch, WatchHarness.OperatorToken);

        var confirm = await console.PostAsync("/ui/environments/staging/services/sock-shop/carts/release");

        Assert.Equal(HttpStatusCode.SeeOther, confirm.StatusCode);
        var report = confirm.Headers.Location!.OriginalString;
        Assert.StartsWith("/ui/reports/rel-", report);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await console.Client.GetAsync(report + "/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Event, string Data)>();
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token)))
        {
            string? name = null;
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add((name!, line["data: ".Length..]));
            }
        }

        var texts = events.Select(e => $"{e.Event} {e.Data}").ToList();
        int At(string prefix) => texts.FindIndex(t => t.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(At("step plan: 1 workload to change") >= 0, string.Join("\n", texts));
        Assert.True(At("step commit: ") > At("step plan:"), string.Join("\n", texts));
        Assert.True(At("step apply: sock-shop:deployment/carts") > At("step commit: "), string.Join("\n", texts));
        // The rollout seen moving before it ended: the answer came while it was still going.
        var moving = texts.FindIndex(t => t.StartsWith("progress sock-shop:deployment/carts:", StringComparison.Ordinal) && !t.Contains("successfully rolled out"));
        var succeeded = At("step rollout sock-shop:deployment/carts: succeeded");
        Assert.True(moving > At("step apply:") && succeeded > moving, string.Join("\n", texts));
        Assert.Equal("done", events[^1].Event);
        Assert.Contains("pushed to main", events[^1].Data);
        Assert.Contains("carts:1.2.0", _world.Show("environments/staging/carts.yaml"));

        // Once it ended the page is the report, and reading the stream again gives every event and the end at once.
        var page = await console.Client.GetStringAsync(report);
        Assert.Contains("rollout sock-shop:deployment/carts: succeeded", page);
        Assert.Contains("<li data-kind=\"progress\">sock-shop:deployment/carts: ", page); // the rollout as it went, kept with the report
        using var stranger = _watch.Client(token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(report + "/events", deadline.Token)).StatusCode); // no session, no stream
    }

    [Fact]
    public async Task A_pod_that_cannot_pull_its_image_makes_its_cell_red_while_the_old_pods_stay_ready()
    {
        // The command line releases orders 1.1.0, which no node can pull; its rollout fails, the old pod keeps serving.
        var (exitCode, _, _) = await _world.Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "1.1.0"));
        Assert.Equal(1, exitCode);
        var page = await SignInAsync(chromium, _watch, WatchHarness.ReadToken);

        var orders = page.Locator("tr[data-service='orders'] td[data-environment='staging']");
        await Expect(orders).ToHaveAttributeAsync("data-health", "failing");
        await Expect(orders.Locator(".badge.failing")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("ImagePullBackOff|ErrImagePull"));
        await Expect(page.Locator("tr[data-service='carts'] td[data-environment='staging']")).ToHaveAttributeAsync("data-health", "healthy");
        await Chromium.ScreenshotAsync(page, "console-7-failing-cell-1400", fullPage: false);
        await AssertAccessibleAsync(page);

        await page.GotoAsync("/ui/environments/staging");
        var ready = page.Locator("tbody[data-workload='sock-shop:deployment/orders'] td").First;
        await Expect(ready).ToContainTextAsync("1/1"); // what READY alone said
        await Expect(ready).ToContainTextAsync("failing");
    }
}
