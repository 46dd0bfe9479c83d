namespace Pipelines.Faults;

/// <summary>A failure of the release manager's own, with its kind. Throw it where the kind is known; <see cref="Fault.KindOf"/>
/// classifies the exceptions of the components too.</summary>
public sealed class PipelinesException(FaultKind kind, string message, Exception? inner = null) : Exception(message, inner), IFault
{
    public FaultKind Kind { get; } = kind;
}
