namespace Pipelines.Faults;

/// <summary>Whose fault a failure is, and so what the caller should do: the one vocabulary the exit codes and the API's
/// HTTP statuses are derived from (<see cref="Fault"/>).</summary>
public enum FaultKind
{
    /// <summary>The request is wrong: a bad parameter or value. Fix the command line.</summary>
    Usage,

    /// <summary>Something the request names does not exist: an environment, a workload, a release.</summary>
    NotFound,

    /// <summary>The state does not allow it now: a lock held too long, a branch that kept moving, a workload locked.</summary>
    Conflict,

    /// <summary>A component did not answer or refused: git server, registry, cluster. Try again, or fix the component.</summary>
    Unavailable,

    /// <summary>The operation ran and failed, or the config repo holds something the tool cannot use (named with file and line).</summary>
    Failed,
}
