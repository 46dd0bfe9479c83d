using Pipelines.Kubernetes;

namespace Pipelines.ReleaseManager;

/// <summary>What an interval sync found and did in one environment: the drift before, and what applying changed.</summary>
/// <param name="Drift">The live images that differed, workloads missing in the cluster, labelled workloads git no longer has (not pruned).</param>
/// <param name="Applied">Null when nothing had drifted, so nothing was applied.</param>
public sealed record SyncReport(Drift Drift, IReadOnlyList<AppliedObject>? Applied, DateTimeOffset At)
{
    /// <summary>Drift that applying corrects: images and missing workloads (objects git no longer has are only reported).</summary>
    public bool Corrected => Applied is not null;
}
