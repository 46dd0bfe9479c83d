using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>The result for one workload: status, the reason when not a success, and per container from → to.</summary>
public sealed record WorkloadResult(string Workload, WorkloadStatus Status, string? Reason, IReadOnlyList<ContainerChange> Changes);
