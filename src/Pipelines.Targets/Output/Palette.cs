namespace Pipelines.Targets.Output;

/// <summary>ANSI styling, or none: colour only on a terminal (or a CI log that renders it), never with NO_COLOR.</summary>
internal sealed class Palette(bool enabled)
{
    public bool Enabled { get; } = enabled;

    public string Bold(string text) => Style("1", text);
    public string Dim(string text) => Style("2", text);
    public string Red(string text) => Style("31", text);
    public string Green(string text) => Style("32", text);
    public string Yellow(string text) => Style("33", text);
    public string Cyan(string text) => Style("36", text);

    private string Style(string code, string text) => Enabled && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;

    public static bool ShouldColour(IReadOnlyDictionary<string, string> environment, CiHost host, bool stderrIsTerminal)
    {
        // https://no-color.org: any value, even empty, turns colour off.
        if (environment.ContainsKey("NO_COLOR")) return false;
        if (environment.TryGetValue("TERM", out var term) && term == "dumb") return false;
        return stderrIsTerminal || host.RendersAnsi;
    }
}
