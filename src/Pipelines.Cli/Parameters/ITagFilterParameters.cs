using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--tag-filter</c>: the tags ListImages lists, and the tags Policy lets automation release to a container.</summary>
public interface ITagFilterParameters : IParameterComponent
{
    [Parameter("Only tags passing this filter: glob:<pattern>, regex:<pattern> or semver:<range>.")]
    string? TagFilter => this.Value<string?>();
}
