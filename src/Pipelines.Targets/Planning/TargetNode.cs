using Pipelines.Targets.Definitions;

namespace Pipelines.Targets.Planning;

/// <summary>A target with its references resolved to names of declared targets.</summary>
internal sealed record TargetNode(
    string Name,
    int Index,
    string? Description,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> After,
    IReadOnlyList<string> Before,
    IReadOnlyList<string> Triggers)
{
    /// <summary>Absent in planning tests, which need no executable definition.</summary>
    public TargetDefinition? Definition { get; init; }
}
