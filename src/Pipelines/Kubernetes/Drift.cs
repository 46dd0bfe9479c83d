namespace Pipelines.Kubernetes;

/// <summary>Where an environment's cluster and its config repo disagree.</summary>
public sealed record Drift(string Environment, string? Commit, IReadOnlyList<ImageDrift> Images, IReadOnlyList<string> MissingInCluster, IReadOnlyList<string> NotInGit)
{
    public bool IsEmpty => Images.Count == 0 && MissingInCluster.Count == 0 && NotInGit.Count == 0;
}
