using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>What Release releases, and where Rollback and Promote take their images from, besides --service and --image
/// (<see cref="ReleaseTargets"/>).</summary>
public interface IReleaseRequestParameters : IParameterComponent
{
    [Parameter("Release: every workload of the environment (with --exclude to leave some out).")]
    bool All => this.Value(false);

    [Parameter("Release: workloads to leave out.")]
    string[] Exclude => this.Value<string[]>([]);

    [Parameter("Release: per container, the newest registry tag its tag filter allows.")]
    bool UpdateAllImages => this.Value(false);

    [Parameter("Release: automation — every automated, unlocked workload gets its newest allowed images; a failed rollout is rolled back and rejected.")]
    bool Automated => this.Value(false);

    [Parameter("Rollback: the image or release id (rel-…) to return to (default: before the release that set what runs now).")]
    string? To => this.Value<string?>();

    [Parameter("Promote: the environment to promote from (default: its promoteFrom in pipelines.yaml).")]
    string? From => this.Value<string?>();
}
