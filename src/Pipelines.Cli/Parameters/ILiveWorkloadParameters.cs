using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V1's targets that reach workloads in a cluster directly, not through the config repo: SetImage, and ListServices
/// without --environment (<see cref="KubernetesTargets"/>).</summary>
public interface ILiveWorkloadParameters : IParameterComponent
{
    [Parameter("The namespace (SetImage: of a --service without one, default: the kubeconfig context's, else default; ListServices: the one to list).", Short = 'n')]
    string? Namespace => this.Value<string?>();

    [Parameter("SetImage: when the rollout fails, undo it (kubectl rollout undo) and wait for the previous revision.")]
    bool RollbackOnFailure => this.Value(false);
}
