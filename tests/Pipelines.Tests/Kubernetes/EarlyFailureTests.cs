using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// On Kubernetes' defaults (a 600 s progress deadline) a bad image must still fail its rollout within --rollout-timeout,
/// so that automation rolls it back instead of leaving it deployed and "pending".
/// </summary>
public sealed class EarlyFailureTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IAsyncLifetime
{
    private readonly ReleaseWorld _world = new(registry);
    private KubeApiEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { ClusterName = "staging", PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        _world.Kubeconfig = _emulator.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("pipelines-kube-").FullName, "kubeconfig"));
        await _world.PushUsualAsync();
        // The API server's default progress deadline (600 s), not the 3 s the other release tests use.
        _world.CommitFile("environments/staging/carts.yaml", ReleaseWorld.Deployment("carts", _world.Image("carts", "1.0.0")).Replace("  progressDeadlineSeconds: 3\n", ""));
        var (exitCode, _, stderr) = await _world.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_world.Kubeconfig!)!, recursive: true);
        _world.Dispose();
    }

    [Fact]
    public async Task A_bad_image_fails_within_the_failure_grace_on_the_default_deadline_and_automation_rolls_it_back()
    {
        _emulator.AddBadImage(_world.Image("carts", "1.2.0"));

        var (exitCode, stdout, stderr) = await _world.Run("Release", "--environment", "staging", "--automated", "--output", "json",
            "--failure-grace", "2s", "--rollout-timeout", "1m");

        Assert.Equal(1, exitCode);
        var carts = Schemas.AssertConforms(stdout)["results"]!.AsArray().First(r => (string?)r!["workload"] == "sock-shop:deployment/carts")!;
        Assert.Equal("failed", (string?)carts["status"]);
        var reason = (string?)carts["reason"];
        Assert.Contains("the new pods stayed for 2s (--failure-grace) in a state that waiting does not cure", reason);
        Assert.Contains("ImagePullBackOff", reason);
        Assert.Contains($"rolled back to {_world.Image("carts", "1.0.0")}", reason);
        Assert.Contains($"image: {_world.Image("carts", "1.0.0")}", _world.Show("environments/staging/carts.yaml"));
        Assert.DoesNotContain("progress deadline", stderr);
    }
}
