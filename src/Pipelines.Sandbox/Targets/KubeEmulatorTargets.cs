using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary>The Kubernetes API emulator as a target: a stand-in cluster for trying Pipelines where none can run.</summary>
public sealed class KubeEmulatorTargets : TargetSet
{
    [Parameter("host:port for the emulator to listen on (port 0 picks a free one).")]
    public string Listen { get; set; } = "127.0.0.1:0";

    [Parameter("A folder to keep the emulator's objects in between runs (default: memory only).")]
    public string? StateDir { get; set; }

    [Parameter("Where to write a kubeconfig for the emulator (default: <settings>/temp/emulator/kubeconfig).")]
    public string? KubeconfigOut { get; set; }

    [Parameter("Serve HTTPS with a self-signed certificate (the written kubeconfig trusts it).")]
    public bool Tls { get; set; }

    [Parameter("The name of the cluster, context and user in the written kubeconfig.")]
    public string ClusterName { get; set; } = "emulator";

    [Parameter("A registry (host:port, plain HTTP) whose images are pulled for real: a pod whose image it does not have fails with ImagePullBackOff.")]
    public string? PullFrom { get; set; }

    [Parameter("Images whose pods never become ready (ImagePullBackOff), to try failing rollouts; * matches anything (*-broken).")]
    public string[] BadImages { get; set; } = [];

    [Parameter("How long a pod with a good image takes to become ready.")]
    public TimeSpan PodReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Parameter("Faults to inject, seeded so a run repeats: 429:0.05,503:0.02,500:0.01,reset:0.01,latency:50ms,seed:7 (rates between 0 and 1).")]
    public string? Faults { get; set; }

    public Target KubeEmulator => _ => _
        .Description("Runs the Kubernetes API emulator in the foreground until Ctrl+C, having written a kubeconfig for it (see src/Pipelines.Sandbox/README.md).")
        .Executes(async () =>
        {
            Kube.Faults.FaultRates faults;
            try
            {
                faults = Faults is null ? Kube.Faults.FaultRates.None : Kube.Faults.FaultRates.Parse(Faults);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            await using var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
            {
                Listen = Listen,
                StateDirectory = StateDir is null ? null : Path.GetFullPath(StateDir, Context.WorkingDirectory),
                BadImages = BadImages,
                PodReadyDelay = PodReadyDelay,
                ClusterName = ClusterName,
                Tls = Tls,
                ImageExists = PullFrom is null ? null : new RegistryPull(PullFrom).ExistsAsync,
                Faults = faults,
            });
            var kubeconfig = emulator.WriteKubeconfig(Path.GetFullPath(KubeconfigOut ?? Path.Combine(Context.TempDirectory, "emulator", "kubeconfig"), Context.WorkingDirectory));
            Log.Info($"Kubernetes API emulator listening on {emulator.BaseAddress}");
            Log.Info($"Use it: kubectl --kubeconfig {kubeconfig} get deployments -A");
            Log.Info("Ctrl+C stops it" + (StateDir is null ? "; its objects are kept in memory only." : $"; its objects are kept in {StateDir}."));
            Context.Results.WriteLine(kubeconfig);
            await Context.Results.FlushAsync();
            await StopSignal.WaitAsync();
            Log.Info("Stopping the emulator.");
        });
}
