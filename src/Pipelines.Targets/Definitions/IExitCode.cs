namespace Pipelines.Targets;

/// <summary>
/// An exception that knows the exit code its failure deserves: 2 when the caller must fix the command (as for
/// <see cref="UsageException"/>), 1 otherwise. Lets a library classify its own failures without the runner knowing them.
/// </summary>
public interface IExitCode
{
    int ExitCode { get; }
}
