using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Auth;
using Pipelines.Sandbox.Kube.Controllers;
using Pipelines.Sandbox.Kube.Faults;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.OpenApi;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Hosting;

/// <summary>
/// A Kubernetes API server stand-in on 127.0.0.1: the resources of <see cref="KindCatalog"/>, discovery,
/// OpenAPI documents, watches, and simulated controllers for workloads. Start it, point KubernetesClient
/// or kubectl at <see cref="BaseAddress"/> (or a kubeconfig from <see cref="WriteKubeconfig"/>), dispose it.
/// </summary>
public sealed class KubeApiEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ControllerLoop controllers;
    private readonly StateFile? stateFile;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task saving;
    private int inFlight;

    private KubeApiEmulator(WebApplication app, ObjectStore store, ControllerLoop controllers, StateFile? stateFile, EmulatorOptions options)
    {
        this.app = app;
        this.controllers = controllers;
        this.stateFile = stateFile;
        Store = store;
        Options = options;
        Faults = new FaultInjector(options.Faults);
        saving = stateFile is null ? Task.CompletedTask : SaveOnChanges(stopping.Token);
    }

    public EmulatorOptions Options { get; }

    /// <summary>Faults requests meet: the random ones of <see cref="EmulatorOptions.Faults"/>, and those a test plans with <see cref="FaultInjector.Next"/>.</summary>
    public FaultInjector Faults { get; }

    /// <summary>With <see cref="EmulatorOptions.Tls"/>, the PEM of the serving certificate, which is its own CA.</summary>
    public string? CertificateAuthorityPem { get; private set; }

    /// <summary>http://127.0.0.1:PORT/ (https:// with <see cref="EmulatorOptions.Tls"/>)</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public ObjectStore Store { get; }

    /// <summary>The kinds served: the built-in ones, and those of the CustomResourceDefinitions established.</summary>
    public KindCatalog Catalog { get; private set; } = null!;

    /// <summary>The requests served so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    public void ClearRequests() => requests.Clear();

    /// <summary>Requests being served now (a watch counts until its client goes away).</summary>
    public int RequestsInFlight => Volatile.Read(ref inFlight);

    /// <summary>From now on, new pods with this image never become ready.</summary>
    public void AddBadImage(string image) => controllers.AddBadImage(image);

    public void RemoveBadImage(string image) => controllers.RemoveBadImage(image);

    /// <summary>How many times the simulated controllers have run.</summary>
    internal int ControllerPasses => controllers.Passes;

    /// <summary>How many controller passes threw (each logged as "controller pass failed").</summary>
    internal int ControllerFaults => controllers.Faults;

    /// <summary>How many objects the simulated controllers have read: their work, which grows with what changed.</summary>
    internal long ControllerObjectsRead => controllers.ObjectsRead;

    public static async Task<KubeApiEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var endpoint = ParseListen(options.Listen);
        if (options.Authorization && !options.Tls)
            throw new ArgumentException("Authorization needs Tls: kubectl (client-go) sends credentials only over TLS, so every request would be anonymous.");
        var catalog = KindCatalog.New();
        var store = new ObjectStore(options.WatchHistory);
        StateFile? stateFile = null;
        var restored = false;
        if (options.StateDirectory is { } directory)
        {
            stateFile = new StateFile(directory, catalog);
            restored = stateFile.Load(store);
        }
        var lifecycle = new ObjectLifecycle(options.TimeProvider);
        var operations = new ResourceOperations(store, catalog, lifecycle);
        if (!restored)
            foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
                operations.Create(new ResourcePath(catalog.Namespaces, null, null, null),
                    new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, new RequestOptions());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var certificate = options.Tls ? SelfSignedCertificate.Create() : null;
        builder.WebHost.UseKestrel(k => k.Listen(endpoint, listen =>
        {
            // A client certificate is asked for, never required: the authenticator decides what one is worth (401 when
            // another CA signed it), as the API server's request-client-cert TLS setting leaves it to its x509 authenticator.
            if (certificate is not null) listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        }));
        var app = builder.Build();
        var controllers = new ControllerLoop(new ClusterAccess(store, catalog, operations, lifecycle, options.TimeProvider), options);
        store.Changed += controllers.Notify;
        var emulator = new KubeApiEmulator(app, store, controllers, stateFile, options) { Catalog = catalog };
        var access = new AccessControl(options, new RbacAuthorizer(store, catalog), certificate);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref emulator.inFlight);
            var reset = false;
            try
            {
                if (emulator.Faults.Latency > TimeSpan.Zero) await Task.Delay(emulator.Faults.Latency, context.RequestAborted);
                switch (emulator.Faults.For(context.Request.Method, context.Request.Path.Value ?? ""))
                {
                    case null:
                        if (await access.Admit(context)) await next(context);
                        break;
                    case FaultKind.Reset:
                        reset = true;
                        context.Abort();
                        break;
                    case FaultKind.TooManyRequests:
                        context.Response.Headers.RetryAfter = "1";
                        await HttpResults.Write(context, ApiErrors.TooManyRequests(1));
                        break;
                    case FaultKind.ServiceUnavailable:
                        await HttpResults.Write(context, ApiErrors.ServiceUnavailable());
                        break;
                    case FaultKind.InternalError:
                        await HttpResults.Write(context, ApiErrors.Internal("injected fault"));
                        break;
                }
            }
            finally
            {
                Interlocked.Decrement(ref emulator.inFlight);
            }
            emulator.requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "", context.Request.Headers.UserAgent.ToString(), reset ? 0 : context.Response.StatusCode));
        });
        new ApiEndpoints(catalog, operations, new WatchStreamer(store, options.BookmarkInterval, emulator.stopping.Token), options.TimeProvider).Map(app);
        new OpenApiEndpoints(catalog).Map(app);
        new HealthEndpoints().Map(app);
        new AccessReviewEndpoints(options, new RbacAuthorizer(store, catalog)).Map(app);
        app.MapFallback((HttpContext c) => HttpResults.Write(c, ApiErrors.UnknownResource()));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.CertificateAuthorityPem = certificate?.ExportCertificatePem();
        emulator.authority = certificate;
        emulator.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        controllers.Start();
        return emulator;
    }

    private X509Certificate2? authority;

    /// <summary>A kubeconfig for the emulator, as text.</summary>
    public string Kubeconfig() => Hosting.Kubeconfig.For(BaseAddress, Options.ClusterName, CertificateAuthorityPem);

    /// <summary>A client certificate for <paramref name="user"/> signed by this cluster's CA (needs <see cref="EmulatorOptions.Tls"/>).</summary>
    public X509Certificate2 IssueClientCertificate(EmulatorUser user) =>
        ClientCertificates.Issue(authority ?? throw new InvalidOperationException("Client certificates need Tls: the CA is the serving certificate."), user);

    /// <summary>A kubeconfig whose user authenticates with a client certificate for <paramref name="user"/>, as text.</summary>
    public string KubeconfigWithClientCertificate(EmulatorUser user) =>
        Hosting.Kubeconfig.ForClientCertificate(BaseAddress, Options.ClusterName, CertificateAuthorityPem!, IssueClientCertificate(user));

    /// <summary>Writes <see cref="Kubeconfig()"/> to a file (its folder is created) and returns the path.</summary>
    public string WriteKubeconfig(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Kubeconfig());
        return full;
    }

    private int disposed;

    /// <summary>Stops serving; a second call does nothing (a test may stop a cluster its fixture stops again).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await stopping.CancelAsync();
        await controllers.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        await saving;
        stateFile?.Save(Store);
        stopping.Dispose();
    }

    private async Task SaveOnChanges(CancellationToken token)
    {
        var changed = new SemaphoreSlim(0);
        Store.Changed += _ => changed.Release();
        try
        {
            while (!token.IsCancellationRequested)
            {
                await changed.WaitAsync(token);
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
                while (changed.CurrentCount > 0) await changed.WaitAsync(token);
                stateFile!.Save(Store);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static IPEndPoint ParseListen(string listen)
    {
        var text = listen.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + listen[9..] : listen;
        if (text.StartsWith(':')) text = "127.0.0.1" + text;
        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Address.ToString() != "0.0.0.0"
            ? endpoint
            : throw new ArgumentException($"--listen '{listen}' is not an address and port such as 127.0.0.1:6443 (port 0 picks a free one)");
    }
}
