using Pipelines.Faults;

namespace Pipelines.Images;

/// <summary>A tag filter that cannot be used; names the filter and what to write instead. A fault of kind Failed: the filter
/// comes from the config repo (an annotation, pipelines.yaml), which holds something the tool cannot use.</summary>
public sealed class TagPolicyException(string filter, string reason)
    : FormatException($"Tag filter '{filter}' is not valid: {reason}."), IFault
{
    FaultKind IFault.Kind => FaultKind.Failed;

    public string Filter { get; } = filter;
}
