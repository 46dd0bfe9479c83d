using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--listen</c>: where a server listens — Watch (<see cref="WatchTargets"/>) and the sandbox's KubeEmulator, which
/// implements this too. Each has its own default, so the parameter has none: each target writes <c>Listen ?? its default</c>.</summary>
public interface IListenParameters : IParameterComponent
{
    [Parameter("host:port to listen on: Watch (default 127.0.0.1:8080) or KubeEmulator (default a free port); port 0 picks a free one.")]
    string? Listen => this.Value<string?>();
}
