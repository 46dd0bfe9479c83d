using Pipelines.Config;

namespace Pipelines.Releases;

/// <summary>What one run of an update function decided on one snapshot: the environment, the plan per
/// workload, and the commit to make (null: nothing to commit).</summary>
internal sealed record PlannedChange(EnvironmentConfig Environment, IReadOnlyList<PlannedWorkload> Workloads, ConfigChange? Change)
{
    public IReadOnlyList<PlannedWorkload> Changing => Workloads.Where(w => w.Changes).ToList();

    /// <summary>Lines for "what happened" that this plan decided (what an Unreject clears, for instance).</summary>
    public IReadOnlyList<ReportStep> Notes { get; init; } = [];

    /// <summary>Set when a renderer (kustomize, Helm) makes what runs from the environment's files: those files are not the
    /// objects the API server would get, so they are not dry-run against it.</summary>
    public string? RenderedBy { get; init; }
}
