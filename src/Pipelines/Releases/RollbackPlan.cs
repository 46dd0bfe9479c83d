namespace Pipelines.Releases;

/// <summary>A rollback's plan: the containers going back, and the release being rolled back (for <c>Pipelines-Rollback-Of</c>).</summary>
internal sealed record RollbackPlan(PlannedWorkload Planned, string? RollbackOf);
