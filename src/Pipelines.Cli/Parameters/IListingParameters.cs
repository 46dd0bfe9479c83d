using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--limit</c>: how long a listing is (History, ListImages); each target has its own default, hence no default here.</summary>
public interface IListingParameters : IParameterComponent
{
    [Parameter("At most this many entries (History: default 20; ListImages: all); 1 to 1000000."), ValueRange("1", "1000000")]
    int? Limit => this.Value<int?>();
}
