namespace Pipelines.Reporting;

/// <summary><c>--output</c> of every target and of ListImages: a table for people, or JSON (and nothing else on stdout) for scripts.</summary>
public enum OutputFormat
{
    /// <summary>A table that fits a terminal: image references compact (<see cref="ImageText"/>), routine rows counted.</summary>
    Text,
    Json,
    /// <summary>The table with every row and every reference whole.</summary>
    Wide,
}
