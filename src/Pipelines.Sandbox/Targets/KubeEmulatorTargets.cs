using Pipelines.Cli;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary>The Kubernetes API emulator as a target: a stand-in cluster for trying Pipelines where none can run.</summary>
public sealed class KubeEmulatorTargets : TargetSet, IKubeEmulatorParameters, IListenParameters
{
    private IKubeEmulatorParameters Emulator => this;

    public Target KubeEmulator => _ => _
        .Group(SandboxTargets.SandboxHeading)
        .Description("Runs the Kubernetes API emulator in the foreground until Ctrl+C, having written a kubeconfig for it (see src/Pipelines.Sandbox/README.md).")
        .Executes(async () =>
        {
            Kube.Faults.FaultRates faults;
            try
            {
                faults = Emulator.Faults is null ? Kube.Faults.FaultRates.None : Kube.Faults.FaultRates.Parse(Emulator.Faults);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            await using var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
            {
                // Watch's --listen too: its default is Watch's port, this one a free port.
                Listen = ((IListenParameters)this).Listen ?? "127.0.0.1:0",
                StateDirectory = Emulator.StateDir is null ? null : Path.GetFullPath(Emulator.StateDir, Context.WorkingDirectory),
                BadImages = Emulator.BadImages,
                PodReadyDelay = Emulator.PodReadyDelay,
                ClusterName = Emulator.ClusterName,
                Tls = Emulator.Tls,
                ImageExists = Emulator.PullFrom is null ? null : new RegistryPull(Emulator.PullFrom).ExistsAsync,
                Faults = faults,
            });
            var kubeconfig = emulator.WriteKubeconfig(Path.GetFullPath(Emulator.KubeconfigOut ?? Path.Combine(Context.TempDirectory, "emulator", "kubeconfig"), Context.WorkingDirectory));
            Log.Info($"Kubernetes API emulator listening on {emulator.BaseAddress}");
            Log.Info($"Use it: kubectl --kubeconfig {kubeconfig} get deployments -A");
            Log.Info("Ctrl+C stops it" + (Emulator.StateDir is null ? "; its objects are kept in memory only." : $"; its objects are kept in {Emulator.StateDir}."));
            Context.Results.WriteLine(kubeconfig);
            await Context.Results.FlushAsync();
            await StopSignal.WaitAsync();
            Log.Info("Stopping the emulator.");
        });
}
