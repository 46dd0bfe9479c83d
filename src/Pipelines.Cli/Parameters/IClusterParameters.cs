using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// Which cluster a target talks to, how long its requests and rollouts may take, and whether a change to the config repo is
/// applied to it at all: SetImage and ListServices, the releases that apply what they commit, Diff, Sync and Watch
/// (<see cref="ProductTargetSet"/> turns them into the library's cluster settings; docs/kubernetes.md, "Which cluster").
/// </summary>
public interface IClusterParameters : IParameterComponent
{
    [Parameter("A kubeconfig file to find clusters in (default: the KUBECONFIG files, ~/.kube/config, in-cluster); an environment's cluster: in pipelines.yaml still decides which cluster.")]
    string? Kubeconfig => this.Value<string?>();

    [Parameter("Where kubeconfig files are, merged as kubectl merges them (a:b); only where: an environment's cluster: in pipelines.yaml decides which cluster.", EnvironmentVariables = ["KUBECONFIG"])]
    string? KubeconfigFiles => this.Value<string?>();

    [Parameter("The kubeconfig context (default: the environment's cluster.context, else the current context); one naming another cluster than the environment's is refused.")]
    string? KubeContext => this.Value<string?>();

    [Parameter("Use --kube-context/--kubeconfig even though it names another cluster than the environment's cluster: in pipelines.yaml.")]
    bool ClusterOverride => this.Value(false);

    [Parameter("How long one request to the Kubernetes API may take; reads and idempotent writes are retried with backoff on 429, 5xx and dropped connections; 1s to 10m."),
     ValueRange("1s", "10m")]
    TimeSpan KubeTimeout => this.Value(TimeSpan.FromSeconds(30));

    // At least 1s: with 0 the first sight of ImagePullBackOff, which a registry blip also causes, would fail the rollout.
    [Parameter("How long a pod may stay in a state it cannot recover from (ImagePullBackOff, CrashLoopBackOff, …) before its rollout fails; 1s to 1h."),
     ValueRange("1s", "1h")]
    TimeSpan FailureGrace => this.Value(TimeSpan.FromSeconds(60));

    [Parameter("How long to wait for each rollout (0s: do not wait); one still going then fails the run (the commit stays in git), unless --allow-pending."), ValueRange("0s", "24h")]
    TimeSpan RolloutTimeout => this.Value(TimeSpan.FromMinutes(5));

    [Parameter("Apply the changed manifests to the cluster after the push; false leaves that to a GitOps agent (Argo CD, Flux).")]
    bool Apply => this.Value(true);
}
