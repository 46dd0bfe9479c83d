using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Releases;

namespace Pipelines.Cli;

/// <summary>What V1's SetImage did to one container, for <c>--output json</c>: the image from → to and how the rollout ended.</summary>
public sealed record SetImageResult(string Workload, string Container, string From, string To, RolloutResult Rollout)
{
    /// <summary>With --rollback-on-failure: the revision the failed rollout was undone to, and how that rollout ended.</summary>
    public long? RolledBackTo { get; init; }

    public RolloutResult? Undo { get; init; }

    public string Json() => new JsonObject
    {
        ["workload"] = Workload,
        ["container"] = Container,
        ["from"] = From,
        ["to"] = To,
        ["rollout"] = Outcome(Rollout),
        ["rolledBackTo"] = RolledBackTo,
        ["undo"] = Undo is null ? null : Outcome(Undo),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Outcome(RolloutResult rollout) => new()
    {
        ["outcome"] = rollout.Outcome switch { RolloutOutcome.Succeeded => "succeeded", RolloutOutcome.TimedOut => "pending", _ => "failed" },
        ["reason"] = rollout.Reason,
    };
}
