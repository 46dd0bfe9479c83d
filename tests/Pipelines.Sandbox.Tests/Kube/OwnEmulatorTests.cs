using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube;

/// <summary>A test class with an emulator of its own (not the shared fixture's), for tests that count the emulator's work:
/// nothing another test does may show in the count.</summary>
public abstract class OwnEmulatorTests : IAsyncLifetime
{
    protected KubeApiEmulator Emulator { get; private set; } = null!;
    protected k8s.Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { PodReadyDelay = EmulatorFixture.ReadyDelay });
        Client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = Emulator.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
