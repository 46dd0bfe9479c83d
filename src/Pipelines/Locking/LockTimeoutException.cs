using Pipelines.Faults;

namespace Pipelines.Locking;

/// <summary>The lock stayed held by someone else for longer than <c>--lock-timeout</c>.</summary>
internal sealed class LockTimeoutException(string message) : Exception(message), IFault
{
    FaultKind IFault.Kind => FaultKind.Conflict;
}
