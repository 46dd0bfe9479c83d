using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube;

/// <summary>An emulator per test class, with a KubernetesClient and a raw HTTP client for it; pods get ready quickly.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public static readonly TimeSpan ReadyDelay = TimeSpan.FromMilliseconds(150);

    public KubeApiEmulator Emulator { get; private set; } = null!;
    public k8s.Kubernetes Client { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
        {
            PodReadyDelay = ReadyDelay,
            BadImages = ["registry.test/shop/web:broken"],
            BookmarkInterval = TimeSpan.FromMilliseconds(200),
        });
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Emulator.BaseAddress.ToString() });
        Http = new HttpClient { BaseAddress = Emulator.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>A namespace of its own for one test, so tests of a class do not see each other's objects.</summary>
    public async Task<string> NewNamespace()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = name } });
        return name;
    }

    public async Task<(int Code, JsonNode Body)> Send(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!);
    }
}
