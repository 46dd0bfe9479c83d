using Pipelines.Diagnostics;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The library's <see cref="ILog"/> written to the runner's <see cref="Log"/>: stderr, <c>--verbosity</c>, secrets
/// masked, and what is <see cref="ILog.Done"/> repeated if the target is stopped at its deadline.</summary>
public sealed class RunnerLog(Log log) : ILog
{
    public void Debug(string message) => log.Debug(message);

    public void Info(string message) => log.Info(message);

    public void Success(string message) => log.Success(message);

    public void Warn(string message) => log.Warn(message);

    public void Error(string message) => log.Error(message);

    public void Done(string message, bool print = true) => log.Done(message, print);
}
