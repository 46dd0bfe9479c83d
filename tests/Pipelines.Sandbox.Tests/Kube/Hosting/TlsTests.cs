using k8s;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Hosting;

/// <summary>With TLS, clients verify the emulator's certificate through the kubeconfig, as they would a real API server's.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private KubeApiEmulator _emulator = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-emulator-tls-").FullName;

    public async Task InitializeAsync() => _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Tls = true });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task KubernetesClient_and_kubectl_trust_the_certificate_from_the_kubeconfig()
    {
        Assert.Equal("https", _emulator.BaseAddress.Scheme);
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_folder, "kubeconfig"));

        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");

        var kubectl = new global::Pipelines.Sandbox.Kube.Tools.Kubectl(kubeconfig, Path.Combine(_folder, "cache"));
        var (exitCode, output) = await kubectl.Run("get", "namespaces", "-o", "name");
        Assert.True(exitCode == 0, output);
        Assert.Contains("namespace/default", output);
    }

    [Fact]
    public async Task A_client_without_the_certificate_authority_is_refused()
    {
        var config = new KubernetesClientConfiguration { Host = _emulator.BaseAddress.ToString() };
        using var client = new k8s.Kubernetes(config);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.CoreV1.ListNamespaceAsync());
    }
}
