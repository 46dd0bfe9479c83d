using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>Why BreakGlobalLock breaks the lock (<see cref="GlobalLockTargets"/>).</summary>
public interface IBreakGlobalLockParameters : IParameterComponent
{
    [Parameter("BreakGlobalLock: why the lock is broken; recorded in the lock branch's commit.")]
    string? Reason => this.Value<string?>();
}
