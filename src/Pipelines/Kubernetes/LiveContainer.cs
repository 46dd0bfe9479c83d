namespace Pipelines.Kubernetes;

public sealed record LiveContainer(string Name, string Image, bool IsInit);
