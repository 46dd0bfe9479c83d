using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Controllers;

/// <summary>A cluster with nothing left to do costs nothing: the sandbox runs for hours beside builds and tests.</summary>
public sealed class IdleTests : IAsyncLifetime
{
    private KubeApiEmulator _emulator = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-emulator-idle-").FullName;

    public async Task InitializeAsync() => _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Once_every_rollout_is_done_the_controllers_stop_running()
    {
        var kubectl = new global::Pipelines.Sandbox.Kube.Tools.Kubectl(_emulator.WriteKubeconfig(Path.Combine(_folder, "kubeconfig")), Path.Combine(_folder, "cache"));
        var manifests = Path.Combine(Root(), "manifests-example", "environments", "staging");
        var (created, createOutput) = await kubectl.Run("apply", "--server-side", "-f", Path.Combine(manifests, "namespace.yaml"));
        Assert.True(created == 0, createOutput);
        var (applied, output) = await kubectl.Run("-n", "sock-shop", "apply", "--server-side", "-f", manifests);
        Assert.True(applied == 0, output);
        // Every rollout, not a fixed pause for the others: on a loaded CI runner a pause was too short and the controllers
        // still working on them counted as a busy idle cluster.
        var (listed, names) = await kubectl.Run("-n", "sock-shop", "get", "deployments,statefulsets,daemonsets", "-o", "name");
        Assert.True(listed == 0, names);
        foreach (var name in names.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (waited, waitOutput) = await kubectl.Run("-n", "sock-shop", "rollout", "status", name, "--timeout=120s");
            Assert.True(waited == 0, waitOutput);
        }
        await Task.Delay(500);   // the pass that saw the last pod ready ends

        var before = _emulator.ControllerPasses;
        await Task.Delay(2000);

        Assert.True(_emulator.ControllerPasses - before <= 2, $"{_emulator.ControllerPasses - before} controller passes in 2 s of an idle cluster");
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Pipelines.sln"))) directory = directory.Parent;
        return directory.FullName;
    }
}
