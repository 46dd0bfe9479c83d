namespace Pipelines.Reporting;

/// <summary><c>--output</c> of every target and of ListImages: a table for people, or JSON (and nothing else on stdout) for scripts.</summary>
public enum OutputFormat
{
    Text,
    Json,
}
