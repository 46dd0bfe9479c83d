using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary>How KubeEmulator runs the Kubernetes API emulator (where it listens is <see cref="Cli.IListenParameters"/>, shared with Watch).</summary>
public interface IKubeEmulatorParameters : IParameterComponent
{
    [Parameter("A folder to keep the emulator's objects in between runs (default: memory only).")]
    string? StateDir => this.Value<string?>();

    [Parameter("Where to write a kubeconfig for the emulator (default: <settings>/temp/emulator/kubeconfig).")]
    string? KubeconfigOut => this.Value<string?>();

    [Parameter("Serve HTTPS with a self-signed certificate (the written kubeconfig trusts it).")]
    bool Tls => this.Value(false);

    [Parameter("The name of the cluster, context and user in the written kubeconfig.")]
    string ClusterName => this.Value("emulator");

    [Parameter("A registry (host:port, plain HTTP) whose images are pulled for real: a pod whose image it does not have fails with ImagePullBackOff.")]
    string? PullFrom => this.Value<string?>();

    [Parameter("Images whose pods never become ready (ImagePullBackOff), to try failing rollouts; * matches anything (*-broken).")]
    string[] BadImages => this.Value<string[]>([]);

    [Parameter("How long a pod with a good image takes to become ready.")]
    TimeSpan PodReadyDelay => this.Value(TimeSpan.FromSeconds(1));

    [Parameter("Faults to inject, seeded so a run repeats: 429:0.05,503:0.02,500:0.01,reset:0.01,latency:50ms,seed:7 (rates between 0 and 1).")]
    string? Faults => this.Value<string?>();
}
