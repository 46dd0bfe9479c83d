namespace Pipelines.Kubernetes;

/// <summary>
/// What the command line and the environment say about clusters: <c>--kubeconfig</c> (one file), the
/// <c>KUBECONFIG</c> list (where kubeconfig files are, <c>a:b</c>), <c>--kube-context</c>, and
/// <c>--cluster-override</c> (deploy an environment to another cluster than its own, on purpose).
/// </summary>
public sealed record ClusterSelection
{
    /// <summary><c>--kubeconfig</c>: one kubeconfig file.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The <c>KUBECONFIG</c> variable: kubeconfig files separated by the path separator, merged as kubectl merges them.</summary>
    public string? KubeconfigFiles { get; init; }

    /// <summary><c>--kube-context</c>.</summary>
    public string? Context { get; init; }

    /// <summary><c>--cluster-override</c>: a <c>--kube-context</c>/<c>--kubeconfig</c> naming another cluster than the environment's is used instead of refused.</summary>
    public bool Override { get; init; }

    /// <summary>How long a credential plugin (<c>exec</c> in a kubeconfig) may take.</summary>
    public TimeSpan CredentialTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The selection of a process that takes its <c>KUBECONFIG</c> from its own environment.</summary>
    public static ClusterSelection FromProcess(string? kubeconfig, string? context) =>
        new() { Kubeconfig = kubeconfig, Context = context, KubeconfigFiles = System.Environment.GetEnvironmentVariable("KUBECONFIG") };
}
