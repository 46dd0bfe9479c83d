namespace Pipelines.Cli;

/// <summary><c>--output</c>: a table for people, or JSON (and nothing else on stdout) for scripts.</summary>
public enum OutputFormat
{
    Text,
    Json,
}
