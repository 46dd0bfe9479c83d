using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>What Sync does besides applying git (<see cref="KubernetesTargets"/>).</summary>
public interface ISyncParameters : IParameterComponent
{
    [Parameter("Sync: delete objects labelled with the environment that git no longer has.")]
    bool Prune => this.Value(false);

    [Parameter("Sync: instead of applying, record the live images of drifted workloads in the config repo (one commit).")]
    bool Adopt => this.Value(false);
}
