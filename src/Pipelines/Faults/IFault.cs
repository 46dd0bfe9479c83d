namespace Pipelines.Faults;

/// <summary>An exception that says whose fault it is. The library's exception types implement it where they are declared,
/// so that <see cref="Fault"/> classifies them without knowing them: Faults depends on no other part of the library, and
/// a new exception type states its kind in one place.</summary>
internal interface IFault
{
    FaultKind Kind { get; }
}
