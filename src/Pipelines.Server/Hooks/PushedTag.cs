namespace Pipelines.Server.Hooks;

/// <summary>A pushed image named by a registry notification: <c>host/repository:tag</c>.</summary>
public sealed record PushedTag(string Repository, string Tag);
