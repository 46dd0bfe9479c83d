namespace Pipelines.Sandbox.Kube.Hosting;

/// <summary>How to run the Kubernetes API emulator.</summary>
public sealed record EmulatorOptions
{
    /// <summary>host:port to listen on; port 0 picks a free one. Only loopback addresses are served.</summary>
    public string Listen { get; init; } = "127.0.0.1:0";

    /// <summary>Serve HTTPS with a self-signed certificate made at start; written kubeconfigs carry it as their certificate authority.</summary>
    public bool Tls { get; init; }

    /// <summary>A folder to keep the objects in between runs (state.json); null keeps them in memory only.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Images whose pods never become ready (waiting reason ImagePullBackOff), e.g. "shop/web:broken".</summary>
    public IReadOnlyCollection<string> BadImages { get; init; } = [];

    /// <summary>
    /// Asked once per new pod for each image that is not in <see cref="BadImages"/>: false makes the pod
    /// fail as a bad image does (a registry that does not have the image). Null accepts every image.
    /// </summary>
    public Func<string, CancellationToken, Task<bool>>? ImageExists { get; init; }

    /// <summary>Images (or patterns with *) whose containers exit with an error soon after starting, again and again: CrashLoopBackOff.</summary>
    public IReadOnlyCollection<string> CrashingImages { get; init; } = [];

    /// <summary>Images (or patterns with *) whose containers run but never pass their readiness probe.</summary>
    public IReadOnlyCollection<string> UnreadyImages { get; init; } = [];

    /// <summary>What the one node offers (cpu in cores, memory in bytes, as quantities): a pod whose requests do not fit is Unschedulable.</summary>
    public string NodeCpu { get; init; } = "4";

    public string NodeMemory { get; init; } = "16Gi";

    /// <summary>How long a pod with good images takes from creation to Ready.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle watch that allows bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many recent changes a watch can start from; older resourceVersions answer 410 Gone.</summary>
    public int WatchHistory { get; init; } = 10_000;

    /// <summary>Name of the cluster, context and user in written kubeconfigs.</summary>
    public string ClusterName { get; init; } = "emulator";

    /// <summary>Random faults (429, 500, 503, dropped connections) and latency, from a seed; none by default. Tests add planned ones with <see cref="KubeApiEmulator.Faults"/>.</summary>
    public Faults.FaultRates Faults { get; init; } = Kube.Faults.FaultRates.None;

    /// <summary>The clock of the controllers and timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
