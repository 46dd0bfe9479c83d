using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipelines.Diagnostics;
using Pipelines.Notifications;
using Pipelines.ReleaseManager;
using Pipelines.Server.Access;
using Pipelines.Server.Api;
using Pipelines.Server.Automation;
using Pipelines.Server.Election;
using Pipelines.Server.Health;
using Pipelines.Server.Hooks;
using Pipelines.Server.Metrics;
using Pipelines.Server.SignIn;
using Pipelines.Server.Sync;
using Pipelines.Server.Ui;

namespace Pipelines.Server;

/// <summary>
/// The release manager as a service: the automation loop, the registry hooks, the JSON API, health and metrics, in one
/// process. <see cref="StartAsync"/> returns once it listens; disposing stops the loop and the listener.
/// </summary>
public sealed class WatchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly UiEndpoints _ui;
    private readonly ServerMetrics _metrics;
    private readonly Notifier _notifier;
    private Task _loop = Task.CompletedTask;
    private Task _election = Task.CompletedTask;
    private Task _sync = Task.CompletedTask;
    private KnownState? _known;

    private WatchServer(WebApplication app, AutomationLoop automation, ServiceHealth health, ServerMetrics metrics, Notifier notifier, Leadership leadership,
        CancellationTokenSource stopping, UiEndpoints ui)
    {
        _app = app;
        _stopping = stopping;
        _ui = ui;
        Automation = automation;
        Health = health;
        _metrics = metrics;
        _notifier = notifier;
        Leadership = leadership;
    }

    public AutomationLoop Automation { get; }

    /// <summary>Whether this replica leads (runs automation); always with no leader election.</summary>
    public Leadership Leadership { get; }

    public ServiceHealth Health { get; }

    /// <summary>The address it listens on, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string Address => _app.Urls.First();

    public static async Task<WatchServer> StartAsync(WatchOptions options, ILog log)
    {
        var metrics = new ServerMetrics();
        var notifier = new Notifier(options.NotifyUrls, log, options.NotifierTiming, metrics.Notification);
        var health = new ServiceHealth();
        var settings = options.Releases with
        {
            OpenLock = repository => new TimedLock(options.Releases.OpenLock(repository), metrics),
            Notify = notifier.Post,
            // A registry that does not answer is degraded after one poll interval, before its requests time out.
            Registry = options.Releases.Registry with
            {
                Watch = new Registry.RegistryRequestWatch(options.PollInterval,
                    registry => health.Failed($"registry {registry}", $"Registry {registry} has not answered a request for {options.PollInterval.TotalSeconds:0.#}s (still waiting)", DateTimeOffset.UtcNow),
                    registry => health.Recovered($"registry {registry}")),
            },
        };
        var operations = new SerializedOperations(new ReleaseOperations(settings, log), metrics);
        var leadership = options.LeaderElection is { } election ? Leadership.Elect(election, log, health) : Leadership.Single();
        var automation = new AutomationLoop(operations, health, log, options.PollInterval) { Leading = () => leadership.IsLeader };
        leadership.BecameLeader += () => automation.Trigger("this replica became the leader");
        metrics.Leading = () => leadership.IsLeader;
        var drift = new DriftRecords();
        var sync = new SyncLoop(operations, health, metrics, drift, log, options.SyncInterval) { Leading = () => leadership.IsLeader };

        var builder = WebApplication.CreateSlimBuilder();
        // The build log is the service's log; ASP.NET Core's own lines would repeat it without secret masking.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{options.Listen}");
        ConsoleAuthentication.Add(builder.Services, options.SignIn, log);
        var app = builder.Build();
        // Before any endpoint: one check of every value a request brings (OneLineInputs).
        app.Use(OneLineInputs.Middleware);
        // The console's session cookie (or the provider's answer at /ui/signin-oidc) becomes the request's user.
        app.UseAuthentication();

        app.MapGet("/healthz", () =>
        {
            var report = health.Report();
            return Results.Json(new JsonObject
            {
                ["status"] = report.Status,
                ["role"] = leadership.Role,
                ["leader"] = leadership.Leader,
                ["problems"] = new JsonArray(report.Problems.Select(p => (JsonNode)new JsonObject
                {
                    ["source"] = p.Source,
                    ["problem"] = p.Problem,
                    ["since"] = p.Since.ToString("O"),
                }).ToArray()),
            });
        });
        app.MapGet("/readyz", () => health.Report().Ready
            ? Results.Text("ready\n")
            : Results.Text("not ready: the config repo has not been read yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", () => Results.Text(metrics.Prometheus(), "text/plain; version=0.0.4"));
        var known = new KnownState(operations.Reads, options.ReadBudget, freshFor: options.ReadFreshness);
        operations.Completed += known.Invalidate;
        var access = new EnvironmentAccess(known);
        ApiEndpoints.Map(app, options.Tokens, operations, known, access);
        DriftEndpoint.Map(app, options.Tokens, known, drift, access);
        HookEndpoints.Map(app, options.WebhookSecret, automation, log);
        var stopping = new CancellationTokenSource();
        var ui = UiEndpoints.Map(app, options, operations, log, health, access, stopping.Token);

        await app.StartAsync();
        var server = new WatchServer(app, automation, health, metrics, notifier, leadership, stopping, ui) { _known = known };
        if (options.RunAutomation) server._loop = Task.Run(() => automation.RunAsync(server._stopping.Token));
        server._election = Task.Run(() => leadership.RunAsync(server._stopping.Token));
        if (options.RunAutomation && options.SyncInterval > TimeSpan.Zero) server._sync = Task.Run(() => sync.RunAsync(server._stopping.Token));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _ui.DrainAsync();
        await _loop;
        await _sync;
        await _election;
        Leadership.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_known is not null) await _known.DrainAsync();
        await _notifier.DrainAsync();
        _notifier.Dispose();
        _metrics.Dispose();
        _stopping.Dispose();
    }
}
