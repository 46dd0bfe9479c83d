namespace Pipelines.Targets.Output;

/// <summary>How wide help and tables may be: the terminal's width when output goes to one, else <c>COLUMNS</c> (set by shells
/// and by users who pipe output), else 120 — a CI log's comfortable width.</summary>
internal static class TerminalWidth
{
    public const int Fallback = 120;

    // Narrower than this, nothing lays out usefully; help still prints, wrapped at 40.
    private const int Minimum = 40;

    public static int Of(TextWriter stdout, IReadOnlyDictionary<string, string> environment)
    {
        if (ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && ConsoleWidth() is { } terminal) return Math.Max(terminal, Minimum);
        if (environment.TryGetValue("COLUMNS", out var columns) && int.TryParse(columns, out var given) && given > 0) return Math.Max(given, Minimum);
        return Fallback;
    }

    private static int? ConsoleWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;   // no terminal after all (a detached session)
        }
    }
}
