using Pipelines.Faults;

namespace Pipelines.ConfigRepo;

/// <summary>The lock an update held expired and another holder took it over; the update stopped before pushing.</summary>
internal sealed class LockLostException(string message) : Exception(message), IFault
{
    FaultKind IFault.Kind => FaultKind.Conflict;
}
