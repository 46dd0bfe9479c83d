namespace Pipelines.Kubernetes;

/// <summary>A container whose live image is not the one the config repo names (someone ran kubectl set image).</summary>
public sealed record ImageDrift(string Workload, string Container, string Desired, string? Live);
