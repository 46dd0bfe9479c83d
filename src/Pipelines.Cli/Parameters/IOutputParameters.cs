using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--output</c>: how a target prints its result (PushImage, ListImages, History, SetImage, ListServices, the
/// release reports, GlobalLockStatus).</summary>
public interface IOutputParameters : IParameterComponent
{
    [Parameter("Output format of the result: text (fits a terminal: image references compact, routine rows counted), wide (every row, references whole) or json.", Short = 'o', Common = true, RefusedWhereUnused = true)]
    OutputFormat Output => this.Value(OutputFormat.Text);
}
