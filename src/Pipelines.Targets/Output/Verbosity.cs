namespace Pipelines.Targets;

public enum Verbosity
{
    /// <summary>Errors, and the summary.</summary>
    Quiet,
    /// <summary>Adds warnings and target headers.</summary>
    Minimal,
    /// <summary>Adds what targets report (the default).</summary>
    Normal,
    /// <summary>Adds diagnostics and stack traces.</summary>
    Verbose,
}
