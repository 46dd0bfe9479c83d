using Pipelines.Releases;
using Pipelines.Documents;

namespace Pipelines.Cli;

/// <summary>What V1's SetImage did to one container, for <c>--output json</c>: the image from → to and how the rollout ended.</summary>
public sealed record SetImageResult(string Workload, string Container, string From, string To, RolloutResult Rollout)
{
    /// <summary>With --rollback-on-failure: the revision the failed rollout was undone to, and how that rollout ended.</summary>
    public long? RolledBackTo { get; init; }

    public RolloutResult? Undo { get; init; }

    public string Json() => ResultWriter.Json(new SetImageDocument(Workload, Container, From, To, ReleaseDocuments.Rollout(Rollout), RolledBackTo,
        Undo is null ? null : ReleaseDocuments.Rollout(Undo)));
}
