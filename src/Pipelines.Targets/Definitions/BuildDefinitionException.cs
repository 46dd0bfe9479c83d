namespace Pipelines.Targets;

/// <summary>The build's own declarations are wrong (a duplicate target, a reference to an undeclared one,
/// an unsupported parameter type): a mistake of the build's author, reported with exit code 2.</summary>
public sealed class BuildDefinitionException(string message) : Exception(message);
