using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--repository</c>: the image repository BuildImage tags and ListImages lists.</summary>
public interface IImageRepositoryParameters : IParameterComponent
{
    [Parameter("An image repository, e.g. registry.example.com/team/app (no tag).")]
    string? Repository => this.Value<string?>();
}
