namespace Pipelines.Server.Health;

/// <summary>A read that could not be answered, fresh or from before.</summary>
public sealed class StateUnknownException(string message) : Exception(message);
