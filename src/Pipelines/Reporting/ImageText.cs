namespace Pipelines.Reporting;

/// <summary>
/// Image references as a table shows them to people (issue 24): the registry host dropped when every reference of the table
/// has the same one (it says nothing then, and is most of the width), and a digest cut to its first 12 hex characters, as
/// <c>docker images</c> shows IDs: <c>registry.example.com/shop/carts:1.2.0@sha256:3f2a…</c> becomes
/// <c>shop/carts:1.2.0@3f2a9c1b0d4e</c>. <c>--output wide</c> keeps them whole; JSON always does.
/// </summary>
public sealed class ImageText
{
    private const int DigestCharacters = 12;
    private readonly string? _commonHost;
    private readonly bool _whole;

    private ImageText(string? commonHost, bool whole)
    {
        _commonHost = commonHost;
        _whole = whole;
    }

    /// <summary>The full text, for <c>--output wide</c>.</summary>
    public static ImageText Whole { get; } = new(null, whole: true);

    /// <summary>Compact text for a table holding these references (texts that are not references, "" or prose, are ignored).</summary>
    public static ImageText For(IEnumerable<string?> references, OutputFormat output = OutputFormat.Text)
    {
        if (output == OutputFormat.Wide) return Whole;
        var hosts = references.Where(r => !string.IsNullOrEmpty(r) && !r.Contains(' ')).Select(r => HostOf(r!)).Distinct().ToList();
        return new(hosts is [{ } only] ? only : null, whole: false);
    }

    public string Show(string reference)
    {
        if (_whole || reference.Contains(' ')) return reference;
        var text = reference;
        if (_commonHost is not null && text.StartsWith(_commonHost + "/", StringComparison.Ordinal)) text = text[(_commonHost.Length + 1)..];
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            var digest = text[(at + 1)..];
            var colon = digest.IndexOf(':');
            var hex = colon >= 0 ? digest[(colon + 1)..] : digest;
            text = text[..at] + "@" + (hex.Length > DigestCharacters ? hex[..DigestCharacters] : hex);
        }
        return text;
    }

    // Docker's rule: the first path component is a registry host when it has a dot or a port, or is localhost.
    private static string? HostOf(string reference)
    {
        var slash = reference.IndexOf('/');
        if (slash < 0) return null;
        var first = reference[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : null;
    }
}
