using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>One row of ListServices: a live container, and, when the config repo has its workload, its policy, the newest allowed
/// image and the images of its repository rejected in the environment.</summary>
/// <param name="Ready">"ready/desired" pods, or "-" for a CronJob.</param>
/// <param name="Available">The newest image its policy allows when that is an update; null when up to date or unknown.</param>
/// <param name="Policy">What a release of the workload would respect (<see cref="ServiceListing.Describe"/>); null when the config repo does not have it.</param>
public sealed record ServiceRow(string Workload, string Container, string Image, string Ready, string? Available, string? Policy)
{
    public IReadOnlyList<Rejection> Rejected { get; init; } = [];

    /// <summary>The policy <see cref="Policy"/> describes, as values; null when the config repo does not have the workload.</summary>
    public Manifests.WorkloadPolicy? PolicyValues { get; init; }

    /// <summary>Pods ready and wanted; null for a CronJob (no pods of its own to count).</summary>
    public (int Ready, int Desired)? Pods { get; init; }
}
