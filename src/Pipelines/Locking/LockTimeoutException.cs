using Pipelines.Faults;

namespace Pipelines.Locking;

/// <summary>The lock stayed held by someone else for longer than <c>--lock-timeout</c>.</summary>
public sealed class LockTimeoutException(string message) : Exception(message), IFault
{
    FaultKind IFault.Kind => FaultKind.Conflict;
}

/// <summary>Our lock expired and another holder took it over; the work stopped before pushing.</summary>
public sealed class LockLostException(string message) : Exception(message), IFault
{
    FaultKind IFault.Kind => FaultKind.Conflict;
}
