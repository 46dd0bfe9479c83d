using Pipelines.Docker;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The Docker engine, and what BuildImage builds with it (<see cref="DockerTargets"/>).</summary>
public interface IDockerParameters : IParameterComponent
{
    // Not --context: TargetSet.Context is the run's context.
    [Parameter("The build context folder (default: the root folder).")]
    string? DockerContext => this.Value<string?>();

    [Parameter("The Dockerfile (default: <docker-context>/Dockerfile); relative paths are relative to the root folder.")]
    string? Dockerfile => this.Value<string?>();

    [Parameter("The image tag (default: the commit SHA, from the CI host or the local HEAD, with -dirty for local changes).")]
    string? Tag => this.Value<string?>();

    [Parameter("Build arguments, KEY=VALUE (a bare KEY takes the environment's value).")]
    string[] BuildArg => this.Value<string[]>([]);

    [Parameter("The stage of a multi-stage Dockerfile to build.")]
    string? DockerTarget => this.Value<string?>();

    [Parameter("Build without the engine's layer cache.")]
    bool NoCache => this.Value(false);

    [Parameter("The Docker engine: unix:///path/to/docker.sock or tcp://host:port.", EnvironmentVariables = ["DOCKER_HOST"])]
    string DockerHost => this.Value(DockerConnection.Default);
}
