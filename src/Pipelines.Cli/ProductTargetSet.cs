using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// The base of every product target set: where the library meets the runner. The library's log goes to the runner's
/// (<see cref="Progress"/>), and the library's faults become exit codes, once (<see cref="Fault"/>: 2 for what the caller
/// must fix in the command, else 1).
/// </summary>
public abstract class ProductTargetSet : TargetSet
{
    private RunnerLog? _progress;

    /// <summary>The runner's log, as the library's <see cref="ILog"/>: hand it to what the library opens.</summary>
    protected ILog Progress => _progress ??= new RunnerLog(Log);

    /// <summary>The CI job this run is part of, as the runner's host detected it; null in a terminal.</summary>
    protected CiJob? CiJob => Context.Host.IsCi ? new CiJob(Context.Host.Name, Context.Host.BuildNumber, Context.Host.BuildUrl) : null;

    protected override int? ExitCodeOf(Exception exception) => Fault.KindOf(exception) is { } kind ? Fault.ExitCode(kind) : null;
}
