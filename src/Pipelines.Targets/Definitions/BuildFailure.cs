namespace Pipelines.Targets;

/// <summary>A target failed for a reason the user can act on: the message is shown without a stack
/// trace and the run exits 1.</summary>
public sealed class BuildFailure(string message) : Exception(message);
