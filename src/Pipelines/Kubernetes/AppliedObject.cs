namespace Pipelines.Kubernetes;

/// <summary>One applied object: kubectl's name for it (<c>deployment.apps/front-end</c>), where, and what happened.</summary>
public sealed record AppliedObject(string Display, string? Namespace, ApplyAction Action, ManifestObject Source, ApiResource Resource);
