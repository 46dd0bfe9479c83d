using k8s;
using k8s.Models;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Store;

public sealed class PersistenceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kube-state-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<(KubeApiEmulator, k8s.Kubernetes)> Start()
    {
        var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { StateDirectory = folder, PodReadyDelay = TimeSpan.FromMilliseconds(50) });
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(emulator.WriteKubeconfig(Path.Combine(folder, "kubeconfig")));
        return (emulator, new k8s.Kubernetes(config));
    }

    [Fact]
    public async Task Objects_saved_to_the_state_folder_are_served_again_after_a_restart()
    {
        var (first, client) = await Start();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), "default");
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });
        client.Dispose();
        await first.DisposeAsync();
        Assert.True(File.Exists(Path.Combine(folder, "state.json")));

        var (second, again) = await Start();
        await using (second)
        using (again)
        {
            var read = await again.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
            Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
            Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
            Assert.Contains((await again.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "shop");

            var updated = await again.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "settings", "default");
            Assert.True(long.Parse(updated.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));
        }
    }

    [Fact]
    public async Task The_written_kubeconfig_points_KubernetesClient_at_the_emulator()
    {
        var (emulator, client) = await Start();
        await using (emulator)
        using (client)
        {
            Assert.Equal(emulator.BaseAddress.ToString().TrimEnd('/'), client.BaseUri.ToString().TrimEnd('/'));
            Assert.Contains((await client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "kube-system");
        }
    }
}
