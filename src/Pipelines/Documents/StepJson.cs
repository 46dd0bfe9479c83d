using System.Text.Json.Serialization;

namespace Pipelines.Documents;

/// <summary>
/// One step of a report as values, told apart by <c>kind</c>; <c>text</c> is the same step worded as the table prints it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PlanStepJson), "plan")]
[JsonDerivedType(typeof(LockStepJson), "lock")]
[JsonDerivedType(typeof(EditStepJson), "edit")]
[JsonDerivedType(typeof(CommitStepJson), "commit")]
[JsonDerivedType(typeof(PushStepJson), "push")]
[JsonDerivedType(typeof(ApplyStepJson), "apply")]
[JsonDerivedType(typeof(ReviewStepJson), "review")]
[JsonDerivedType(typeof(RolloutStepJson), "rollout")]
[JsonDerivedType(typeof(RollbackStepJson), "rollback")]
[JsonDerivedType(typeof(SyncStepJson), "sync")]
[JsonDerivedType(typeof(NoteStepJson), "note")]
public abstract record StepJson(string Text);

/// <summary>How many workloads and containers the plan changes, and how many it skips.</summary>
public sealed record PlanStepJson(int Workloads, int Containers, int Skipped, string Text) : StepJson(Text);

/// <param name="State"><c>none</c> (<c>--lock none</c>), <c>not-taken</c> (nothing to commit), <c>acquired</c> or <c>released</c>.</param>
public sealed record LockStepJson([property: OneOf("none", "not-taken", "acquired", "released")] string State, string? Lock, string Text) : StepJson(Text);

public sealed record EditStepJson(IReadOnlyList<string> Files, string Text) : StepJson(Text);

/// <summary>A commit made; a null <c>commit</c> when none was needed after all (another run made the same change first).</summary>
public sealed record CommitStepJson(string? Commit, string? Subject, string Text) : StepJson(Text);

public sealed record PushStepJson(string Branch, string Remote, int Attempts, string Text) : StepJson(Text);

/// <param name="Applied">False when deliberately not applied (<c>--apply false</c>, <c>--push-branch</c>); <c>text</c> says why.</param>
public sealed record ApplyStepJson(string Environment, bool Applied, IReadOnlyList<string> Workloads, string? Commit, string Text) : StepJson(Text);

/// <summary>A branch pushed with <c>--push-branch</c>, to review and merge into <c>into</c>.</summary>
public sealed record ReviewStepJson(string Branch, string Into, string Text) : StepJson(Text);

/// <param name="Outcome"><c>succeeded</c>, <c>failed</c>, or <c>pending</c> (still rolling out when the timeout ran out).</param>
public sealed record RolloutStepJson(string Workload, [property: OneOf(RolloutJson.Succeeded, RolloutJson.Failed, RolloutJson.Pending)] string Outcome, string? Reason, string Text) : StepJson(Text);

/// <summary>Automation rolled these workloads back after their rollout failed, in <c>commit</c> (release <c>release</c>).</summary>
public sealed record RollbackStepJson(string Commit, string Release, IReadOnlyList<string> Workloads, string Text) : StepJson(Text);

/// <param name="Outcomes">How many objects had each outcome (<c>created</c>, <c>configured</c>, <c>unchanged</c>, <c>pruned</c>…).</param>
public sealed record SyncStepJson(string Environment, string? Commit, int Objects, IReadOnlyDictionary<string, int> Outcomes, bool DryRun, string Text)
    : StepJson(Text);

/// <param name="Topic">What the note is about: <c>source-health</c>, <c>unreject</c>, <c>dry-run</c>.</param>
public sealed record NoteStepJson(string Topic, string Text) : StepJson(Text);

/// <summary>A rollout's outcome as a value.</summary>
public static class RolloutJson
{
    public const string Succeeded = "succeeded", Failed = "failed", Pending = "pending";
}
