namespace Pipelines.Releases;

/// <summary>Flux v1's vocabulary: what happened to one workload in a release.</summary>
public enum WorkloadStatus
{
    Success,
    Failed,
    Skipped,
}
