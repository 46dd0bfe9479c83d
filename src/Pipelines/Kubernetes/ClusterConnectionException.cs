namespace Pipelines.Kubernetes;

/// <summary>The cluster cannot be reached as configured; the message says which file and context, and what to do.</summary>
public sealed class ClusterConnectionException(string message) : Exception(message);
