namespace Pipelines.Targets;

/// <summary>The command line, a parameter value or a settings file is wrong: exit code 2. The message says
/// what was wrong and what to do.</summary>
public sealed class UsageException(string message) : Exception(message);
