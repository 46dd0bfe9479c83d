using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--deadline</c>: a set that implements this runs each of its targets within it (<see cref="ProductTargetSet"/>). Every
/// product set takes it but Watch, a service, whose operations are bounded by the git, registry and cluster timeouts instead.</summary>
public interface IDeadlineParameters : IParameterComponent
{
    [Parameter("How long a target may run in all (building, pushing, registry reads; lock wait, fetches, pushes, applying, rollout waits): " +
        "past it, it stops — giving the global lock up instead of renewing it — and fails saying what it had done (pushed or not); 5s to 24h."),
     ValueRange("5s", "24h")]
    TimeSpan Deadline => this.Value(TimeSpan.FromHours(1));
}
