namespace Pipelines.Registry;

/// <summary>A tag left out of a scan, with the reason (a malformed manifest, no image for the platform, deleted meanwhile).</summary>
internal sealed record TagProblem(string Tag, string Message);
