using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>What a target works on: an environment of pipelines.yaml, workloads in it, a container of theirs.</summary>
public interface IWorkloadParameters : IParameterComponent
{
    [Parameter("The environment of pipelines.yaml to work on (History, ListServices: only this one).", Short = 'e', Common = true)]
    string? Environment => this.Value<string?>();

    [Parameter("The workload(s): name, namespace/name or namespace:kind/name (UpdateConfigRepo and SetImage take one; Release, Promote and History several).", Short = 's', Common = true)]
    string[] Service => this.Value<string[]>([]);

    [Parameter("The container whose image changes (default: the workload's only container).")]
    string? Container => this.Value<string?>();
}
