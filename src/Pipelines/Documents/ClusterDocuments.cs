namespace Pipelines.Documents;

/// <summary>Diff: where the cluster differs from the config repo.</summary>
/// <param name="Drift">Containers whose live image is not the config repo's.</param>
/// <param name="MissingInCluster">Workloads the config repo has and the cluster does not (Sync applies them).</param>
/// <param name="NotInGit">Workloads the cluster runs that the config repo does not have (Sync --prune deletes them).</param>
public sealed record DriftDocument(string Environment, string? Commit, IReadOnlyList<ImageDriftJson> Drift, IReadOnlyList<string> MissingInCluster,
    IReadOnlyList<string> NotInGit) : ResultDocument
{
    public override string Kind => "Drift";
}

/// <param name="Live">The image running; null when the live workload has no such container.</param>
public sealed record ImageDriftJson(string Workload, string Container, string Desired, string? Live);

/// <summary>SetImage (V1): one container's image from → to and how the rollout ended.</summary>
/// <param name="RolledBackTo">With --rollback-on-failure: the revision a failed rollout was undone to.</param>
/// <param name="Undo">How that undo's rollout ended.</param>
public sealed record SetImageDocument(string Workload, string Container, string From, string To, RolloutResultJson Rollout, long? RolledBackTo,
    RolloutResultJson? Undo) : ResultDocument
{
    public override string Kind => "SetImageResult";
}

/// <param name="Outcome"><c>succeeded</c>, <c>failed</c>, or <c>pending</c> (still rolling out when the timeout ran out).</param>
public sealed record RolloutResultJson([property: OneOf(RolloutJson.Succeeded, RolloutJson.Failed, RolloutJson.Pending)] string Outcome, string? Reason);

/// <summary>PushImage (V1): the image pushed, and the reference that pins it (<c>image:tag@digest</c>).</summary>
public sealed record PushedImageDocument(string Image, string Tag, string Digest, string Reference) : ResultDocument
{
    public override string Kind => "PushedImage";
}
