using System.Text;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// The message of every commit the tool makes: a subject, an optional body, and trailers that make
/// history, rollback and audit readable from <c>git log</c> alone (DESIGN.md, "Config repo format").
/// </summary>
public sealed record ReleaseCommitMessage(
    string Subject,
    ReleaseAction Action,
    string Release,
    string Environment,
    IReadOnlyList<ContainerChange> Changes,
    string Cause,
    string? RollbackOf = null,
    string? Body = null,
    IReadOnlyList<string>? Workloads = null,
    IReadOnlyList<string>? Unrejected = null)
{
    public const string ActionTrailer = "Pipelines-Action";
    public const string ReleaseTrailer = "Pipelines-Release";
    public const string EnvironmentTrailer = "Pipelines-Environment";
    public const string ChangeTrailer = "Pipelines-Change";
    public const string RollbackOfTrailer = "Pipelines-Rollback-Of";
    public const string CauseTrailer = "Pipelines-Cause";

    /// <summary>Names a workload a commit changed without changing an image (Lock, Unlock, Automate, Deautomate, Policy),
    /// so <c>History --service</c> finds those commits too. Not in DESIGN.md's list; see docs/architecture.md.</summary>
    public const string WorkloadTrailer = "Pipelines-Workload";

    /// <summary>An image an Unreject commit clears from the environment's rejected images. Not in DESIGN.md's list; see docs/architecture.md.</summary>
    public const string UnrejectTrailer = "Pipelines-Unreject";

    /// <summary>Every workload the commit touched: those of its image changes and those its Workload trailers name.</summary>
    public IReadOnlyList<string> TouchedWorkloads =>
        Changes.Select(c => c.Workload).Concat(Workloads ?? []).Distinct(StringComparer.Ordinal).ToList();

    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Subject.ReplaceLineEndings(" ").Trim()).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(Body)) text.Append(Body.Trim()).Append("\n\n");
        text.Append($"{ActionTrailer}: {Action.ToString().ToLowerInvariant()}\n");
        text.Append($"{ReleaseTrailer}: {Release}\n");
        text.Append($"{EnvironmentTrailer}: {Environment}\n");
        foreach (var change in Changes) text.Append($"{ChangeTrailer}: {change.ToTrailerValue()}\n");
        foreach (var workload in Workloads ?? []) text.Append($"{WorkloadTrailer}: {workload}\n");
        foreach (var image in Unrejected ?? []) text.Append($"{UnrejectTrailer}: {image}\n");
        if (RollbackOf is not null) text.Append($"{RollbackOfTrailer}: {RollbackOf}\n");
        text.Append($"{CauseTrailer}: {Cause.ReplaceLineEndings(" ")}\n");
        return text.ToString();
    }

    /// <summary>Reads a message the tool wrote; null for any other commit (someone's manual edit).</summary>
    public static ReleaseCommitMessage? Parse(string message)
    {
        var lines = message.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var trailers = new List<(string Key, string Value)>();
        var i = lines.Length - 1;
        for (; i >= 0 && lines[i].Length > 0; i--)
        {
            var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0) return null;
            trailers.Insert(0, (lines[i][..colon], lines[i][(colon + 2)..]));
        }
        string? Single(string key) => trailers.LastOrDefault(t => t.Key == key).Value;
        if (Single(ActionTrailer) is not { } actionText || !Enum.TryParse<ReleaseAction>(actionText, ignoreCase: true, out var action)) return null;
        var body = string.Join('\n', lines.Skip(2).Take(Math.Max(0, i - 1))).Trim();
        return new ReleaseCommitMessage(
            lines[0],
            action,
            Single(ReleaseTrailer) ?? "",
            Single(EnvironmentTrailer) ?? "",
            trailers.Where(t => t.Key == ChangeTrailer).Select(t => ContainerChange.Parse(t.Value)).OfType<ContainerChange>().ToList(),
            Single(CauseTrailer) ?? "",
            Single(RollbackOfTrailer),
            body.Length > 0 ? body : null,
            trailers.Where(t => t.Key == WorkloadTrailer).Select(t => t.Value).ToList(),
            trailers.Where(t => t.Key == UnrejectTrailer).Select(t => t.Value).ToList());
    }
}
