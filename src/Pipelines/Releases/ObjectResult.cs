namespace Pipelines.Releases;

/// <summary>One object Sync applied or pruned: kubectl's name for it, where, and what happened (created, configured, unchanged, pruned).</summary>
public sealed record ObjectResult(string Object, string? Namespace, string Action);
