using Pipelines.Kubernetes;

namespace Pipelines.ReleaseManager;

/// <summary>Whether what the source environment runs may be promoted: here, because the answer needs the cluster's view
/// (<see cref="LiveWorkload"/>) and the promotion planner stays free of the cluster.</summary>
internal static class SourceRollout
{
    /// <summary>Why a source workload must not be promoted as it runs: its rollout failed, is still going, or it does not run at all.</summary>
    public static string? Refusal(LiveWorkload? live, string sourceEnvironment) => live switch
    {
        null => $"not running in {sourceEnvironment}",
        { Rollout.Failed: true } => $"rollout in {sourceEnvironment} failed: {live.Rollout.Error}",
        { Rollout.Done: false } => $"rollout in {sourceEnvironment} in progress: {live.Rollout.Message}",
        _ => null,
    };
}
