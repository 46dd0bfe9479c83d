using Microsoft.Extensions.Hosting;

namespace Pipelines.Sandbox.Kube.Hosting;

/// <summary>
/// A host lifetime that leaves signals alone: the emulator runs inside other programs (tests, the
/// KubeEmulator target), which decide themselves what Ctrl+C and SIGTERM mean.
/// </summary>
internal sealed class PassiveLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
